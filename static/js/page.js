// Small page behaviour that htmx does not do itself.
(function () {
  "use strict";
  // After an in-place update, keyboard focus goes to what the server marked in the new content (the saved card's
  // status message, or the first field in error) instead of falling back to the top of the page.
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-focus-after-swap]");
    if (!target) { return; }
    target.removeAttribute("data-focus-after-swap");
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  });
}());
