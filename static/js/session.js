// The idle-timeout notice (accounts.middleware.SessionIdleTimeoutMiddleware ends the session on the server).
// Shown a few minutes before the end with a button that keeps the session; without JavaScript the session simply
// ends. The texts come from the page (#session-warning), so they are translated with the rest.
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) { return; }
  var text = box.querySelector(".session-warning-text");
  var button = box.querySelector("button");
  var timeout = parseInt(box.dataset.timeout, 10) * 1000;
  var warn = parseInt(box.dataset.warn, 10) * 1000;
  var warnTimer = null;
  var endTimer = null;

  function csrfToken() {
    try { return JSON.parse(document.body.dataset.hxHeaders)["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function show() {
    box.hidden = false;
    text.textContent = box.dataset.message;  // filled now, so screen readers announce the alert
  }

  function restart() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    var hadFocus = box.contains(document.activeElement);
    box.hidden = true;
    text.textContent = "";
    if (hadFocus) { document.getElementById("main").focus(); }
    warnTimer = window.setTimeout(show, Math.max(0, timeout - warn));
    // After the end the server has signed the person out; reloading shows the login page with a message.
    endTimer = window.setTimeout(function () { window.location.reload(); }, timeout + 2000);
  }

  button.addEventListener("click", function () {
    window.fetch(box.dataset.keepAlive, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken()}
    }).then(function (response) {
      if (response.ok) { restart(); } else { window.location.reload(); }
    }, function () { window.location.reload(); });
  });
  // An in-place save is activity too.
  document.body.addEventListener("htmx:afterRequest", restart);
  restart();
}());
