// Customer portal page behaviour. Loaded with defer; no inline scripts (the CSP forbids them).
(function () {
  'use strict';
  // Chromium keeps pages sent with "no-store" in its back-forward cache when no cookie changed, and
  // signing out of the portal changes none (the session may also hold a staff sign-in). So after
  // "Sign out", the back button would show the customer's data again, from memory, to whoever holds
  // the phone next. A page shown to a signed-in customer and restored from that cache is hidden
  // until the server says the customer is still signed in; if not, the sign-in page replaces it.
  var signedIn = document.querySelector('meta[name="portal-signed-in"]');
  if (!signedIn) {
    return;
  }
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) {
      return;
    }
    var root = document.documentElement;
    root.hidden = true;
    fetch(signedIn.dataset.check, {credentials: 'same-origin', cache: 'no-store', redirect: 'manual'})
      .then(function (response) {
        if (response.ok) {
          root.hidden = false;
        } else {
          location.replace(signedIn.dataset.signIn);
        }
      })
      .catch(function () {
        location.replace(signedIn.dataset.signIn);
      });
  });
})();
