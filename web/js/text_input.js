// DOM text fields (src/platform/text_input.h): while an ImGui field is edited, a real <input> or
// <textarea> lies over it: IME, autofill, the phone keyboard, a screen reader's editing commands.
mergeInto(LibraryManager.library, {
  // The text fields' part of window.anl: one <input> and one <textarea>, reused for every field,
  // and the field being edited (its C++ id and its widget id).
  $ANL_initTextFields__deps: ['$ANL_withString', '$ANL_showMirrorNode', '$ANL_mirrorNeighbour'],
  $ANL_initTextFields: function (A) {
    A.editingId = 0;
    A.editingWidget = '';
    A.switching = false;
    var layer = document.getElementById('anl-text-layer');
    function makeField(tag) {
      var el = document.createElement(tag);
      el.className = 'anl-text';
      el.hidden = true;
      // Off: "enhanced" browser spellcheck can send what is typed to a remote service.
      el.spellcheck = false;
      layer.appendChild(el);
      el.addEventListener('input', function () {
        if (!A.editingId) return;
        // Passphrases reach C++ in Unicode NFC (docs/PROTOCOL.md): "é" typed as one code point or
        // as e + combining accent (macOS, some IMEs) must derive the same key. Only the copy
        // handed over is normalised; the DOM keeps what was typed, so the caret does not jump.
        var value = el.type === 'password' ? el.value.normalize('NFC') : el.value;
        ANL_withString(value, function (p) { _anl_on_text_input(A.editingId, p); });
      });
      el.addEventListener('blur', function () {
        if (A.switching || !A.editingId) return;
        var id = A.editingId;
        A.editingId = 0;
        el.value = '';          // nothing typed lingers in the DOM (shared PCs, kiosks)
        el.hidden = true;
        ANL_showMirrorNode(A.editingWidget, true);
        _anl_on_text_end(id);
      });
      // A finger that drags across the field being edited scrolls the page like anywhere else;
      // a tap stays with the input (caret placement, selection).
      var drag = null;
      el.addEventListener('touchstart', function (e) {
        drag = { y: e.touches[0].clientY, moving: false };
      }, { passive: true });
      el.addEventListener('touchmove', function (e) {
        if (!drag) return;
        var y = e.touches[0].clientY;
        if (!drag.moving && Math.abs(y - drag.y) > 10) drag.moving = true;
        if (drag.moving) {
          e.preventDefault();
          _anl_on_scroll_drag(y - drag.y);
          drag.y = y;
        }
      }, { passive: false });
      el.addEventListener('touchend', function () { drag = null; });
      // The mouse wheel over the field scrolls the page too, unless the text inside can scroll.
      el.addEventListener('wheel', function (e) {
        var canScroll = e.deltaY < 0 ? el.scrollTop > 0 : el.scrollTop + el.clientHeight < el.scrollHeight;
        if (canScroll) return;
        e.preventDefault();
        var px = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
        _anl_on_scroll_drag(-px);
      }, { passive: false });
      el.addEventListener('keydown', function (e) {
        if (e.key === 'Tab') {
          // Leave the field the way Tab leaves any form field: to the next node in reading order.
          e.preventDefault();
          var next = ANL_mirrorNeighbour(A.editingWidget, e.shiftKey ? -1 : 1);
          el.blur();
          if (next) next.focus();
        } else if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation(); // one Escape leaves the field; it does not also close a disclosure
          el.blur();
        } else if (e.key === 'Enter' && tag === 'input' && !e.isComposing) {
          // As in an HTML form: Enter in a one-line field submits the page (its primary button).
          e.preventDefault();
          el.blur();
          _anl_on_submit();
        }
      });
      return el;
    }
    A.input = makeField('input');
    A.textarea = makeField('textarea');
  },

  anl_text_begin__deps: ['$ANL_showMirrorNode'],
  anl_text_begin: function (id, x, y, w, h, valuePtr, specPtr) {
    var A = window.anl;
    var spec = JSON.parse(UTF8ToString(specPtr));
    if (A.editingWidget && A.editingWidget !== spec.widgetId) ANL_showMirrorNode(A.editingWidget, true);
    var el = spec.multiline ? A.textarea : A.input;
    var other = spec.multiline ? A.input : A.textarea;
    A.switching = true;
    if (!other.hidden) { other.value = ''; other.hidden = true; other.blur(); }
    A.switching = false;
    if (!spec.multiline) el.type = spec.type === 'password' ? 'password' : 'text';
    el.setAttribute('aria-label', spec.label);
    el.setAttribute('autocomplete', spec.autocomplete);
    el.setAttribute('inputmode', spec.inputmode);
    // Off for passwords, e-mail addresses and postcodes; names may start each word capitalised.
    el.setAttribute('autocapitalize', spec.type === 'password' ? 'off' : spec.autocapitalize || 'sentences');
    if (spec.lang) el.lang = spec.lang; else el.removeAttribute('lang');
    el.dir = spec.dir || 'auto';
    if (spec.maxLength > 0) el.maxLength = spec.maxLength; else el.removeAttribute('maxlength');
    el.style.fontSize = spec.fontPx + 'px'; // what the canvas shows, at every text size
    el.value = UTF8ToString(valuePtr);
    el.style.left = x + 'px';
    el.style.top = y + 'px';
    el.style.width = w + 'px';
    el.style.height = h + 'px';
    el.style.visibility = 'visible';
    el.hidden = false;
    A.editingId = id;
    A.editingWidget = spec.widgetId;
    // One node per field in the accessibility tree: the mirror's copy steps aside while editing.
    ANL_showMirrorNode(spec.widgetId, false);
    var desc = document.getElementById('anl-desc-' + spec.widgetId);
    if (desc) el.setAttribute('aria-describedby', desc.id); else el.removeAttribute('aria-describedby');
    // Called from inside the tap/click/key handler: this is what opens a phone's keyboard.
    el.focus({ preventScroll: true });
    var end = el.value.length;
    try { el.setSelectionRange(end, end); } catch (e) { /* type=password on some browsers */ }
  },

  anl_text_move: function (x, y, w, h, visible) {
    var A = window.anl;
    var el = A.input.hidden ? A.textarea : A.input;
    el.style.left = x + 'px';
    el.style.top = y + 'px';
    el.style.width = w + 'px';
    el.style.height = h + 'px';
    el.style.visibility = visible ? 'visible' : 'hidden';
  },

  anl_text_end__deps: ['$ANL_showMirrorNode'],
  anl_text_end: function () {
    var A = window.anl;
    A.editingId = 0;
    ANL_showMirrorNode(A.editingWidget, true);
    [A.input, A.textarea].forEach(function (el) {
      if (el.hidden) return;
      el.value = '';
      el.hidden = true;
      el.blur();
    });
  },
});
