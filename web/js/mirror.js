// The accessibility mirror (src/platform/mirror.h): window.anl.widgets, as C++ published them
// after a frame, become DOM nodes for screen readers, keyboard users and role-based tests.
mergeInto(LibraryManager.library, {
  // Every widget drawn on the canvas gets a DOM node in reading order: real buttons, inputs and
  // headings, present for assistive technology (opacity 0, never display:none), reused by id so
  // screen readers keep their place, positioned over what the canvas shows so a screen reader's
  // focus box matches. DOM actions go back to C++ (anl_mirror_action).
  $ANL_mirrorNode__deps: ['$ANL_withString'],
  $ANL_mirrorNode: function (w) {
    var tags = { heading: w.level === 2 ? 'h2' : 'h1', text: 'p', button: 'button', link: 'a',
                 textbox: 'input', 'textbox-multiline': 'textarea', banner: 'p', definition: 'div',
                 alert: 'div', status: 'div', radio: 'input', checkbox: 'input', radiogroup: 'div',
                 group: 'div', list: 'ol', listitem: 'li' };
    var tag = tags[w.role] || 'div';
    var A = window.anl;
    var el = A.nodes.get(w.id);
    if (el && el.dataset.role === w.role + (w.level || '')) return el;
    if (el) el.remove();
    el = document.createElement(tag);
    el.dataset.widget = w.id;
    el.dataset.role = w.role + (w.level || '');
    var send = function (action) {
      ANL_withString(w.id, function (p) { _anl_mirror_action(p, action); });
    };
    if (tag === 'button' || tag === 'a') {
      if (tag === 'a') el.href = w.href || '#';
      // A link with an address of its own (tel:) is followed by the browser; the others act in C++.
      if (!w.href) el.addEventListener('click', function (e) { e.preventDefault(); send(1); });
    }
    if (w.role === 'radio' || w.role === 'checkbox') {
      // Native controls: Space toggles, arrow keys move within a radio group (same name), and
      // each change is handed to the canvas widget, which owns the answer.
      el.type = w.role;
      el.name = w.parent;
      el.addEventListener('change', function () { send(1); });
      el.addEventListener('focus', function () { send(0); });
    } else if (tag === 'input' || tag === 'textarea') {
      if (tag === 'input') el.type = 'text';
      // Focusing the mirrored field hands over to the editing overlay (same label, same place).
      el.addEventListener('focus', function () { send(0); });
      el.addEventListener('click', function () { send(1); });
    } else {
      el.addEventListener('focus', function () { send(0); });
    }
    if (w.role === 'radiogroup' || w.role === 'group') el.setAttribute('role', w.role);
    el.addEventListener('blur', function () { send(2); });
    if (w.role === 'alert') el.tabIndex = -1;
    // An alert that takes the focus (the error summary) holds its title and, as children, its
    // links: role=alert, so the errors are read with it (GOV.UK).
    if (w.role === 'alert' && w.autofocus) {
      el.setAttribute('role', 'alert');
      el.anlLabel = document.createElement('h2');
      el.appendChild(el.anlLabel);
    }
    A.nodes.set(w.id, el);
    return el;
  },

  // aria-describedby for hints and errors: the text lives in a separate hidden list.
  $ANL_describe: function (el, w) {
    var descs = window.anl.descriptions;
    var d = document.getElementById('anl-desc-' + w.id);
    if (w.description) {
      if (!d) { d = document.createElement('span'); d.id = 'anl-desc-' + w.id; descs.appendChild(d); }
      if (d.textContent !== w.description) d.textContent = w.description;
      el.setAttribute('aria-describedby', d.id);
    } else {
      el.removeAttribute('aria-describedby');
      if (d) d.remove();
    }
  },

  $ANL_updateMirror__deps: ['$ANL_mirrorNode', '$ANL_describe'],
  $ANL_updateMirror: function (list) {
    var A = window.anl;
    var root = A.mirror;
    var seen = new Set();
    var prevIn = new Map();   // container -> last node placed in it
    var focusNode = null;     // the node C++ asked to focus (platform::focus_widget)
    // Moving a node in the DOM (to keep reading order) takes the focus away from it: a screen
    // reader would fall back to the top of the page. The focused node gets it back below.
    var hadFocus = root.contains(document.activeElement) ? document.activeElement : null;
    list.forEach(function (w) {
      var el = ANL_mirrorNode(w);
      var isField = w.role === 'textbox' || w.role === 'textbox-multiline';
      var isChoice = w.role === 'radio' || w.role === 'checkbox';
      var isGroup = w.role === 'radiogroup' || w.role === 'group' || w.role === 'list';
      if (isField || isChoice || isGroup) {
        if (el.getAttribute('aria-label') !== w.label) el.setAttribute('aria-label', w.label);
        ANL_describe(el, w);
      }
      if (isField) {
        if (el.value !== w.value) el.value = w.value;
        el.setAttribute('aria-invalid', w.invalid ? 'true' : 'false');
        el.required = !!w.required;
        // What the field is for (WCAG 1.3.5), as on the input that is typed in (text_input.js).
        el.setAttribute('autocomplete', w.autocomplete || 'off');
      } else if (isChoice) {
        el.checked = w.checked === 1;
      } else if (isGroup) {
        if (w.invalid) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid');
        // ARIA allows aria-required on a radiogroup, not on a group (checkboxes, a document's
        // files): there the label says it, as every question does ("(optional)" otherwise).
        if (w.required && w.role === 'radiogroup') el.setAttribute('aria-required', 'true');
        else el.removeAttribute('aria-required');
      } else if (w.role === 'definition') {
        var text = w.label + ': ' + (w.value || '-');
        if (el.textContent !== text) el.textContent = text;
      } else {
        var label = w.role === 'status' && w.value ? w.label + ' ' + w.value : w.label;
        var textEl = el.anlLabel || el;
        if (textEl.textContent !== label) textEl.textContent = label;
      }
      if ('disabled' in el) el.disabled = !!w.disabled;
      if (w.lang) el.lang = w.lang; else el.removeAttribute('lang');
      // The current step of a timeline is aria-current="step"; the chosen item of a set "true".
      if (w.current) el.setAttribute('aria-current', w.role === 'listitem' ? 'step' : 'true');
      else el.removeAttribute('aria-current');
      if (w.expanded >= 0) el.setAttribute('aria-expanded', w.expanded ? 'true' : 'false');
      else el.removeAttribute('aria-expanded');
      var container = (w.parent && A.nodes.get(w.parent)) || root;
      // Group nodes are positioned over their label; their options are placed in the page's
      // coordinates, so a group does not become their offset parent.
      el.style.left = w.x + 'px';
      el.style.top = w.y + 'px';
      el.style.width = w.w + 'px';
      el.style.height = w.h + 'px';
      var prev = prevIn.get(container) || container.anlLabel || null;   // after a container's title
      var want = prev ? prev.nextSibling : container.firstChild;
      if (want !== el) container.insertBefore(el, want);   // keep reading order; move only when needed
      prevIn.set(container, el);
      seen.add(w.id);
      // One live region speaks new alerts and status messages (errors, "sending", "sent").
      // A node that takes the focus as it appears (the error summary) is read from there instead.
      if ((w.role === 'alert' || w.role === 'status') && !w.autofocus &&
          !A.announced.has(w.id + '\n' + el.textContent)) {
        A.announced.add(w.id + '\n' + el.textContent);
        A.live.textContent = el.textContent;
      }
      if (w.focus) focusNode = el;
      if (w.autofocus && !A.focusedOnce.has(w.id)) {
        A.focusedOnce.add(w.id);
        el.focus();
      }
    });
    var lost = !document.activeElement || document.activeElement === document.body;
    if (!focusNode && lost && hadFocus && hadFocus.isConnected) focusNode = hadFocus;
    if (focusNode) {
      // A group takes focus at its chosen option, else its first control (its options are placed
      // after it in the list, so only now are they all there); other nodes take it themselves.
      var role = focusNode.getAttribute('role');
      var control = role === 'radiogroup' || role === 'group' ? (focusNode.querySelector('input:checked') ||
        focusNode.querySelector('input, button, a')) : null;
      if (control) focusNode = control;
      if (!/^(BUTTON|A|INPUT|TEXTAREA)$/.test(focusNode.tagName)) focusNode.tabIndex = -1;
      focusNode.focus({ preventScroll: true });
    }
    A.nodes.forEach(function (el, id) {
      if (seen.has(id)) return;
      el.remove();
      A.nodes.delete(id);
      var d = document.getElementById('anl-desc-' + id);
      if (d) d.remove();
      A.focusedOnce.delete(id);
    });
    A.announced.forEach(function (key) { if (!seen.has(key.split('\n')[0])) A.announced.delete(key); });
  },

  $ANL_showMirrorNode: function (widgetId, show) {
    var el = widgetId && window.anl.nodes.get(widgetId);
    if (el) el.hidden = !show;
  },

  // The focusable mirror node before (-1) or after (+1) a widget's node, in reading order.
  $ANL_mirrorNeighbour: function (widgetId, step) {
    var A = window.anl;
    var all = Array.prototype.slice.call(A.mirror.querySelectorAll('button, a, input, textarea'));
    var i = all.indexOf(A.nodes.get(widgetId));
    for (var j = i + step; i >= 0 && j >= 0 && j < all.length; j += step)
      if (!all[j].disabled) return all[j];
    return null;
  },

  // The mirror's part of window.anl: its root, the hidden list of descriptions, the live region,
  // the node of each widget id, what was announced and which widgets took their autofocus.
  $ANL_initMirror: function (A) {
    A.nodes = new Map();
    A.announced = new Set();
    A.focusedOnce = new Set();
    A.mirror = document.getElementById('anl-mirror');
    A.descriptions = document.getElementById('anl-descriptions');
    A.live = document.getElementById('anl-live');
  },

  anl_publish_widgets__deps: ['$ANL_updateMirror'],
  anl_publish_widgets: function (jsonPtr, frameCount) {
    window.anl.frameCount = frameCount;
    if (!jsonPtr) return;
    window.anl.widgets = JSON.parse(UTF8ToString(jsonPtr));
    ANL_updateMirror(window.anl.widgets);
  },
});
