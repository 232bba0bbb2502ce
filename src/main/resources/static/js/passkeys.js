// Passkeys (issue 24.2): sign-in on the login page, adding one on the account page. Loaded with
// defer; no inline scripts (the CSP forbids them). The server is Spring Security's WebAuthn relying
// party: binary values travel as base64url strings.
(function () {
  'use strict';
  var token = document.querySelector('meta[name="csrf-token"]');
  var header = document.querySelector('meta[name="csrf-header"]');

  function encode(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = '';
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return window.btoa(text).replace(/=/g, '').replace(/\+/g, '-').replace(/\//g, '_');
  }

  function decode(base64url) {
    var text = window.atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) {
      bytes[i] = text.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function post(url, body) {
    var headers = {'Content-Type': 'application/json', 'Accept': 'application/json'};
    if (token && header) {
      headers[header.content] = token.content;
    }
    return fetch(url, {method: 'POST', headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)}).then(function (response) {
      if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      }
      return response.json();
    });
  }

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials);
  }

  // Login page: a discoverable passkey, so no username is typed.
  var signIn = document.getElementById('passkey-sign-in');
  if (signIn) {
    signIn.addEventListener('click', function () {
      post(signIn.dataset.options).then(function (options) {
        options.challenge = decode(options.challenge);
        options.allowCredentials = (options.allowCredentials || []).map(function (c) {
          return Object.assign({}, c, {id: decode(c.id)});
        });
        return navigator.credentials.get({publicKey: options});
      }).then(function (credential) {
        var response = credential.response;
        return post(signIn.dataset.login, {
          id: credential.id,
          rawId: encode(credential.rawId),
          response: {
            authenticatorData: encode(response.authenticatorData),
            clientDataJSON: encode(response.clientDataJSON),
            signature: encode(response.signature),
            userHandle: response.userHandle ? encode(response.userHandle) : undefined
          },
          type: credential.type,
          clientExtensionResults: credential.getClientExtensionResults(),
          authenticatorAttachment: credential.authenticatorAttachment
        });
      }).then(function (result) {
        if (!result || !result.authenticated || !result.redirectUrl) {
          throw new Error('not signed in');
        }
        window.location.href = result.redirectUrl;
      }).catch(function () {
        window.location.href = signIn.dataset.failed;
      });
    });
  }

  // Account page: make a passkey and send it back with its name.
  var form = document.getElementById('passkey-form');
  if (form) {
    var error = document.getElementById('passkey-error');
    var show = function (message) {
      error.textContent = message;
      error.classList.remove('d-none');
    };
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      error.classList.add('d-none');
      if (!supported()) {
        show(error.dataset.unsupported);
        return;
      }
      var name = document.getElementById('passkey-name').value.trim();
      post(form.dataset.options).then(function (options) {
        options.challenge = decode(options.challenge);
        options.user = Object.assign({}, options.user, {id: decode(options.user.id)});
        options.excludeCredentials = (options.excludeCredentials || []).map(function (c) {
          return Object.assign({}, c, {id: decode(c.id)});
        });
        return navigator.credentials.create({publicKey: options});
      }).then(function (credential) {
        var response = credential.response;
        return post(form.dataset.enrol, {
          label: name,
          credential: {
            id: credential.id,
            rawId: encode(credential.rawId),
            response: {
              attestationObject: encode(response.attestationObject),
              clientDataJSON: encode(response.clientDataJSON),
              transports: response.getTransports ? response.getTransports() : []
            },
            type: credential.type,
            clientExtensionResults: credential.getClientExtensionResults(),
            authenticatorAttachment: credential.authenticatorAttachment
          }
        });
      }).then(function () {
        window.location.reload();
      }).catch(function () {
        show(error.dataset.failed);
      });
    });
  }
})();
