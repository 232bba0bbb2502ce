// Custos page behaviour. Loaded with defer; no inline scripts (the CSP forbids them).
(function () {
  'use strict';
  var token = document.querySelector('meta[name="csrf-token"]');
  var header = document.querySelector('meta[name="csrf-header"]');
  // htmx requests carry the CSRF token like forms do.
  document.body.addEventListener('htmx:configRequest', function (event) {
    if (token && header) {
      event.detail.headers[header.content] = token.content;
    }
  });
})();
