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

  // The language switch reloads the same page (its link keeps the path and query). What the person
  // has typed into a form and not yet sent is carried across that one reload in this tab's
  // sessionStorage and removed as soon as it is put back. Passwords, files and the CSRF token are
  // never kept.
  var KEEP = 'custos.languageSwitch.form';

  function keepable(element) {
    var type = (element.type || '').toLowerCase();
    return element.name && element.name !== '_csrf' && type !== 'password' && type !== 'file'
        && type !== 'hidden' && type !== 'submit' && type !== 'button';
  }

  function edited(element) {
    if (element.type === 'checkbox' || element.type === 'radio') {
      return element.checked !== element.defaultChecked;
    }
    if (element.tagName === 'SELECT') {
      return Array.prototype.some.call(element.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return element.value !== element.defaultValue;
  }

  document.querySelectorAll('a[data-language-switch]').forEach(function (link) {
    link.addEventListener('click', function () {
      var kept = [];
      Array.prototype.forEach.call(document.forms, function (form, f) {
        Array.prototype.forEach.call(form.elements, function (element, e) {
          if (keepable(element) && edited(element)) {
            kept.push({form: f, element: e, name: element.name, checked: element.checked,
              values: element.tagName === 'SELECT'
                ? Array.prototype.filter.call(element.options, function (o) { return o.selected; })
                    .map(function (o) { return o.value; })
                : [element.value]});
          }
        });
      });
      try {
        if (kept.length) {
          sessionStorage.setItem(KEEP, JSON.stringify({path: location.pathname, fields: kept}));
        } else {
          sessionStorage.removeItem(KEEP);
        }
      } catch (storageUnavailable) {
        // Private mode or storage off: the language still changes, the typing is lost as before.
      }
    });
  });

  (function restore() {
    var saved;
    try {
      saved = sessionStorage.getItem(KEEP);
      sessionStorage.removeItem(KEEP);
    } catch (storageUnavailable) {
      return;
    }
    if (!saved) {
      return;
    }
    var state = JSON.parse(saved);
    if (state.path !== location.pathname) {
      return;
    }
    state.fields.forEach(function (field) {
      var form = document.forms[field.form];
      var element = form && form.elements[field.element];
      if (!element || element.name !== field.name || !keepable(element)) {
        return;
      }
      if (element.type === 'checkbox' || element.type === 'radio') {
        element.checked = field.checked;
      } else if (element.tagName === 'SELECT') {
        Array.prototype.forEach.call(element.options, function (o) { o.selected = field.values.indexOf(o.value) >= 0; });
      } else {
        element.value = field.values[0];
      }
    });
  })();

  // A "select all" box ticks or clears every box of its group (data-select-all="group"), for bulk steps.
  document.querySelectorAll('input[data-select-all]').forEach(function (all) {
    all.addEventListener('change', function () {
      document.querySelectorAll('input[data-select-group="' + all.dataset.selectAll + '"]').forEach(function (box) {
        if (!box.disabled) {
          box.checked = all.checked;
        }
      });
    });
  });

  // Revealing masked values on the customer page. The purpose is asked at the first reveal of a
  // visit and kept in this page's memory only (never in the URL or storage); a revealed value is
  // masked again after data-reveal-seconds, and when the page is left.
  var fields = document.getElementById('customer-fields');
  if (!fields || !fields.dataset.revealUrl) {
    return;
  }
  var url = fields.dataset.revealUrl;
  var seconds = parseInt(fields.dataset.revealSeconds, 10) || 60;
  var chooser = document.getElementById('reveal-purpose');
  var select = document.getElementById('reveal-purpose-select');
  var current = document.getElementById('reveal-purpose-current');
  var currentLabel = document.getElementById('reveal-purpose-current-label');
  var breakGlass = document.getElementById('break-glass');
  var purpose = null;
  var pending = null;
  var shown = {};
  // Each field offers only the purposes that could work for it, most likely first (data-purposes).
  var labels = {};
  Array.prototype.forEach.call(select.options, function (option) {
    labels[option.value] = option.text;
  });

  function offered(field) {
    var purposes = document.getElementById('reveal-' + field).dataset.purposes;
    return purposes ? purposes.split(' ') : [];
  }

  function part(field, name) {
    var value = document.getElementById('value-' + field);
    return value ? value.querySelector('.' + name) : null;
  }

  function mask(field) {
    var state = shown[field];
    if (!state) {
      return;
    }
    clearTimeout(state.timer);
    var text = part(field, 'field-value');
    text.textContent = state.masked;
    text.classList.remove('revealed-value');
    text.classList.add('font-monospace', 'text-body-secondary');
    part(field, 'masked-badge').classList.remove('d-none');
    document.getElementById('reveal-' + field).disabled = false;
    delete shown[field];
  }

  function show(field, value) {
    var text = part(field, 'field-value');
    shown[field] = {masked: text.textContent, timer: setTimeout(function () { mask(field); }, seconds * 1000)};
    text.textContent = value;
    text.classList.remove('font-monospace', 'text-body-secondary');
    text.classList.add('revealed-value');
    part(field, 'masked-badge').classList.add('d-none');
  }

  function refuse(field, message, offerBreakGlass, remedy) {
    var box = document.getElementById('reveal-message-' + field);
    box.textContent = message;
    // A refusal by the training gate links to what lifts it: the agreement, the course.
    if (remedy && remedy.url && remedy.url.charAt(0) === '/' && remedy.url.charAt(1) !== '/') {
      var step = document.createElement('a');
      step.href = remedy.url;
      step.className = 'ms-2 reveal-remedy';
      step.textContent = remedy.label;
      box.appendChild(document.createTextNode(' '));
      box.appendChild(step);
    }
    if (offerBreakGlass && breakGlass && fields.dataset.breakGlassOffer) {
      var link = document.createElement('a');
      link.href = '#break-glass';
      link.className = 'ms-2 break-glass-offer';
      link.textContent = fields.dataset.breakGlassOffer;
      link.addEventListener('click', function () {
        breakGlass.classList.remove('d-none');
        document.getElementById('justification').focus();
      });
      box.appendChild(document.createTextNode(' '));
      box.appendChild(link);
      breakGlass.classList.remove('d-none');
    }
  }

  function reveal(field) {
    var button = document.getElementById('reveal-' + field);
    var box = document.getElementById('reveal-message-' + field);
    button.disabled = true;
    box.textContent = '';
    var headers = {'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded'};
    if (token && header) {
      headers[header.content] = token.content;
    }
    fetch(url, {
      method: 'POST', headers: headers, credentials: 'same-origin', cache: 'no-store',
      body: new URLSearchParams({field: field, purpose: purpose})
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      if (typeof answer.value === 'string') {
        show(field, answer.value);
      } else {
        button.disabled = false;
        refuse(field, answer.message || fields.dataset.revealFailed, answer.breakGlass === true,
            {url: answer.remedyUrl, label: answer.remedyLabel});
      }
    }).catch(function () {
      // Signed out meanwhile (the sign-in page is not JSON) or the network is gone.
      button.disabled = false;
      box.textContent = fields.dataset.revealFailed;
    });
  }

  function ask(field) {
    pending = field;
    while (select.firstChild) {
      select.removeChild(select.firstChild);
    }
    offered(field).forEach(function (code) {
      var option = document.createElement('option');
      option.value = code;
      option.textContent = labels[code] || code;
      select.appendChild(option);
    });
    document.getElementById('value-' + field).appendChild(chooser);
    chooser.classList.remove('d-none');
    select.focus();
  }

  fields.addEventListener('click', function (event) {
    var button = event.target.closest('.reveal-button');
    if (!button) {
      return;
    }
    if (purpose === null || offered(button.dataset.field).indexOf(purpose) < 0) {
      ask(button.dataset.field);
    } else {
      reveal(button.dataset.field);
    }
  });

  document.getElementById('reveal-purpose-confirm').addEventListener('click', function () {
    purpose = select.value;
    currentLabel.textContent = select.options[select.selectedIndex].text;
    current.classList.remove('d-none');
    chooser.classList.add('d-none');
    if (pending !== null) {
      var field = pending;
      pending = null;
      reveal(field);
    }
  });

  document.getElementById('reveal-purpose-cancel').addEventListener('click', function () {
    pending = null;
    chooser.classList.add('d-none');
  });

  document.getElementById('reveal-purpose-change').addEventListener('click', function () {
    purpose = null;
    current.classList.add('d-none');
  });

  // Nothing revealed stays on a page that is left (or kept in the back-forward cache).
  window.addEventListener('pagehide', function () {
    Object.keys(shown).forEach(mask);
  });

  // A case's reply: choosing another outcome puts that outcome's suggested words in both languages,
  // unless the person has already written their own.
  document.querySelectorAll('select[data-reply-outcome]').forEach(function (select) {
    var form = select.form;
    var zh = form.querySelector('textarea[name="replyZh"]');
    var en = form.querySelector('textarea[name="replyEn"]');
    function suggested(textarea, attribute) {
      return Array.prototype.some.call(select.options, function (o) {
        return o.getAttribute(attribute) === textarea.value;
      });
    }
    select.addEventListener('change', function () {
      var chosen = select.options[select.selectedIndex];
      if (zh && suggested(zh, 'data-reply-zh')) {
        zh.value = chosen.getAttribute('data-reply-zh') || '';
      }
      if (en && suggested(en, 'data-reply-en')) {
        en.value = chosen.getAttribute('data-reply-en') || '';
      }
    });
  });
})();
