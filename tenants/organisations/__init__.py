"""Pages of the region's schools as organisations (issue 8, section 1): list, card, create, edit,
year flags, archive with the full export first, and onboarding by file. Schema: PUBLIC."""
