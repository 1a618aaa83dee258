// Small page behaviour that htmx does not do itself.
(function () {
  "use strict";
  // After an in-place update, keyboard focus goes to what the server marked in the new content (the saved card's
  // status message, or the first field in error) instead of falling back to the top of the page.
  // htmx:load fires on the new content itself: with an outerHTML swap the element that sent the request is gone
  // from the page, so events fired on it never reach the document.
  function focusMarked() {
    var target = document.querySelector("[data-focus-after-swap]");
    if (!target) { return; }
    target.removeAttribute("data-focus-after-swap");
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
  }
  document.addEventListener("htmx:load", function (event) {
    if (event.target !== document.body) { window.setTimeout(focusMarked, 0); }
  });
}());
