// The menu button of the compact (phone) header: opens and closes the menu under it.
// Without JavaScript the menu stays where CSS puts it on a wide screen; on a phone it is shown open.
document.documentElement.classList.add("js");
document.addEventListener("click", function (event) {
  var button = event.target.closest(".menu-toggle");
  if (!button) return;
  var open = document.documentElement.classList.toggle("menu-open");
  button.setAttribute("aria-expanded", open ? "true" : "false");
});
