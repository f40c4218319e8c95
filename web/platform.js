// Browser side of src/platform (passed to emcc with --js-library). Thin on purpose: it owns the
// DOM elements the canvas cannot replace (text inputs, file picker, download links) and hands
// everything else back to C++. window.anl is also what tests and, later, the accessibility mirror
// read: the widgets drawn in the last frame and a frame counter.
mergeInto(LibraryManager.library, {
  $ANL_withString: function (s, fn) {
    var n = lengthBytesUTF8(s) + 1;
    var p = _malloc(n);
    if (!p) throw new Error('out of memory');
    stringToUTF8(s, p, n);
    try { return fn(p); } finally { _free(p); }
  },

  $ANL_withBytes: function (bytes, fn) {
    var p = _malloc(Math.max(1, bytes.length));
    if (!p) throw new Error('out of memory');
    HEAPU8.set(bytes, p);
    try { return fn(p, bytes.length); } finally { _free(p); }
  },

  $ANL_copyOut: function (s, out, cap) {
    if (cap <= 0) return 0;
    var written = stringToUTF8(s, out, cap);
    return written;
  },

  // ---------------------------------------------------------------- accessibility mirror
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
      if (tag === 'a') el.href = '#';
      el.addEventListener('click', function (e) { e.preventDefault(); send(1); });
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
      } else if (isChoice) {
        el.checked = w.checked === 1;
      } else if (isGroup) {
        if (w.invalid) el.setAttribute('aria-invalid', 'true'); else el.removeAttribute('aria-invalid');
        if (w.required) el.setAttribute('aria-required', 'true'); else el.removeAttribute('aria-required');
      } else if (w.role === 'definition') {
        var text = w.label + ': ' + (w.value || '-');
        if (el.textContent !== text) el.textContent = text;
      } else {
        var label = w.role === 'status' && w.value ? w.label + ' ' + w.value : w.label;
        if (el.textContent !== label) el.textContent = label;
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
      var prev = prevIn.get(container) || null;
      var want = prev ? prev.nextSibling : container.firstChild;
      if (want !== el) container.insertBefore(el, want);   // keep reading order; move only when needed
      prevIn.set(container, el);
      seen.add(w.id);
      // One live region speaks new alerts and status messages (errors, "sending", "sent").
      if ((w.role === 'alert' || w.role === 'status') && !A.announced.has(w.id + '\n' + el.textContent)) {
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
      var control = focusNode.getAttribute('role') ? (focusNode.querySelector('input:checked') ||
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

  anl_js_init__deps: ['$ANL_withString', '$ANL_showMirrorNode', '$ANL_mirrorNeighbour'],
  anl_js_init: function () {
    var A = window.anl = { widgets: [], frameCount: 0, editingId: 0, editingWidget: '', switching: false,
                           nodes: new Map(), announced: new Set(), focusedOnce: new Set() };
    A.mirror = document.getElementById('anl-mirror');
    A.descriptions = document.getElementById('anl-descriptions');
    A.live = document.getElementById('anl-live');
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
    // Zoom and rotation change devicePixelRatio without always firing 'resize'.
    var watchDpr = function () {
      var mq = window.matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)');
      mq.addEventListener('change', function () { _anl_on_resize(); watchDpr(); }, { once: true });
    };
    watchDpr();
    // Back/forward cache would bring the previous person's answers (or an unlocked staff page)
    // back to a shared PC or kiosk: always start fresh instead.
    window.addEventListener('pageshow', function (e) { if (e.persisted) window.location.reload(); });
  },

  anl_first_frame_drawn: function () {
    var loading = document.getElementById('anl-loading');
    if (loading) loading.remove();
  },

  anl_show_failure: function () {
    var loading = document.getElementById('anl-loading');
    if (loading) loading.remove();
    var failed = document.getElementById('anl-failed');
    if (failed) failed.hidden = false;
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
    el.setAttribute('autocapitalize', spec.type === 'password' ? 'off' : 'sentences');
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

  anl_file_pick__deps: ['$ANL_withString', '$ANL_withBytes'],
  anl_file_pick: function (id, acceptPtr, maxBytes) {
    var old = document.getElementById('anl-file-input');
    if (old) old.remove();
    var input = document.createElement('input');
    input.type = 'file';
    input.id = 'anl-file-input';
    input.accept = UTF8ToString(acceptPtr);
    input.hidden = true;
    document.body.appendChild(input);
    input.addEventListener('change', function () {
      var file = input.files && input.files[0];
      input.remove();
      if (!file) return;
      var deliver = function (bytes) {
        ANL_withString(file.name, function (namePtr) {
          ANL_withString(file.type || 'application/octet-stream', function (typePtr) {
            if (!bytes) { _anl_on_file_picked(id, namePtr, typePtr, file.size, 0, 0); return; }
            ANL_withBytes(bytes, function (p, n) { _anl_on_file_picked(id, namePtr, typePtr, file.size, p, n); });
          });
        });
      };
      // Do not read a file we will refuse anyway: old phones have little memory.
      if (file.size > maxBytes) { deliver(null); return; }
      // A file that cannot be read (removed, permission lost) is reported like an oversize one.
      file.arrayBuffer().then(function (buf) { deliver(new Uint8Array(buf)); },
                              function () { deliver(null); });
    });
    input.click(); // inside the user's tap or click: browsers require it
  },

  anl_fetch__deps: ['$ANL_withBytes'],
  anl_fetch: function (requestId, methodPtr, urlPtr, headersPtr, bodyPtr, bodyLen) {
    var init = {
      method: UTF8ToString(methodPtr),
      headers: JSON.parse(UTF8ToString(headersPtr)),
      credentials: 'same-origin',
      // API answers are never cached; static files may come from the HTTP cache or a preload.
      cache: UTF8ToString(urlPtr).indexOf('/api/') === 0 ? 'no-store' : 'default',
    };
    if (bodyLen > 0 || init.method === 'POST') init.body = HEAPU8.slice(bodyPtr, bodyPtr + bodyLen);
    fetch(UTF8ToString(urlPtr), init).then(function (res) {
      // Retry-After in seconds (429, 503): the page tells people how long to wait.
      var retry = parseInt(res.headers.get('Retry-After') || '0', 10);
      return res.arrayBuffer().then(function (buf) {
        ANL_withBytes(new Uint8Array(buf), function (p, n) {
          _anl_on_fetch_done(requestId, res.status, p, n, retry > 0 ? retry : 0);
        });
      });
    }).catch(function () {
      _anl_on_fetch_done(requestId, 0, 0, 0, 0);
    });
  },

  anl_download: function (namePtr, typePtr, dataPtr, len) {
    var blob = new Blob([HEAPU8.slice(dataPtr, dataPtr + len)], { type: UTF8ToString(typePtr) });
    var url = URL.createObjectURL(blob);
    var a = document.createElement('a');
    a.href = url;
    a.download = UTF8ToString(namePtr);
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  },

  anl_clipboard_write: function (textPtr) {
    var text = UTF8ToString(textPtr);
    if (navigator.clipboard) navigator.clipboard.writeText(text).catch(function () {});
  },

  anl_page_mode__deps: ['$ANL_copyOut'],
  anl_page_mode: function (out, cap) {
    return ANL_copyOut(document.body.dataset.mode || 'applicant', out, cap);
  },

  anl_url_language__deps: ['$ANL_copyOut'],
  anl_url_language: function (out, cap) {
    var lang = new URLSearchParams(window.location.search).get('lang') || '';
    return ANL_copyOut(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(lang) ? lang : '', out, cap);
  },

  anl_now_iso__deps: ['$ANL_copyOut'],
  anl_now_iso: function (out, cap) {
    return ANL_copyOut(new Date().toISOString(), out, cap);
  },

  anl_url_flag: function (namePtr) {
    var v = new URLSearchParams(window.location.search).get(UTF8ToString(namePtr));
    return v === '1' || v === 'true' ? 1 : 0;
  },

  anl_storage_get: function (keyPtr) {
    var v = null;
    try { v = window.localStorage.getItem(UTF8ToString(keyPtr)); } catch (e) { /* blocked */ }
    if (v === null) return 0;
    var n = lengthBytesUTF8(v) + 1;
    var p = _malloc(n);
    if (p) stringToUTF8(v, p, n);
    return p;
  },

  anl_storage_set: function (keyPtr, valuePtr) {
    try {
      if (valuePtr) window.localStorage.setItem(UTF8ToString(keyPtr), UTF8ToString(valuePtr));
      else window.localStorage.removeItem(UTF8ToString(keyPtr));
    } catch (e) { /* full, private mode or blocked: the page works on without it */ }
  },

  anl_today_ymd: function () {
    var d = new Date();
    return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate();
  },

  anl_format_local_time__deps: ['$ANL_copyOut'],
  anl_format_local_time: function (isoPtr, withTime, out, cap) {
    var d = new Date(UTF8ToString(isoPtr));
    var style = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
    var text = isNaN(d) ? UTF8ToString(isoPtr) : d.toLocaleString(document.documentElement.lang || undefined, style);
    return ANL_copyOut(text, out, cap);
  },

  anl_set_document_language: function (langPtr, dirPtr) {
    var lang = UTF8ToString(langPtr);
    document.documentElement.lang = lang;
    document.documentElement.dir = UTF8ToString(dirPtr);
    // The choice lives in the URL: it survives a reload and goes along when the link is shared,
    // and nothing is written to browser storage.
    var url = new URL(window.location.href);
    if (url.searchParams.get('lang') !== lang) {
      url.searchParams.set('lang', lang);
      history.replaceState(null, '', url);
    }
  },

  // ---------------------------------------------------------------- fonts and browser-shaped text
  // Fonts the canvas downloaded are also given to the browser (FontFace, from the same bytes):
  // the DOM inputs use them, and so does the text engine below. `done` is called once the face
  // is usable, so no text is ever drawn in a fallback font and then cached.
  anl_add_browser_font: function (familyPtr, bold, dataPtr, len, callbackId) {
    if (!window.FontFace || !document.fonts) { _anl_on_font_ready(callbackId, 1); return; }
    var face = new FontFace(UTF8ToString(familyPtr), HEAPU8.slice(dataPtr, dataPtr + len),
                            { weight: bold ? '700' : '400' });
    face.load().then(function (f) { document.fonts.add(f); _anl_on_font_ready(callbackId, 1); })
      .catch(function () { _anl_on_font_ready(callbackId, 0); });
  },

  // Text Dear ImGui cannot lay out (Arabic script: joined forms, right to left, mixed runs) is
  // drawn by the browser's own engine (Canvas2D shapes with HarfBuzz and orders runs with the
  // Unicode bidi algorithm) into a WebGL texture that ImGui draws as an image. White on
  // transparent: ImGui's vertex colour tints it. Lines break at spaces, as CSS would for this
  // text; each line box is `lineHeight` tall with the baseline placed as CSS places it, so the
  // result matches the same text in an HTML element (tests/e2e/shaping.test.mjs compares them).
  // Writes width and height in device pixels to out[0..1]; returns the GL texture name.
  $ANL_textCanvas: null,
  anl_text_image__deps: ['$GL', '$ANL_textCanvas'],
  anl_text_image: function (textPtr, bold, sizePx, lineHeightPx, wrapPx, rtl, out) {
    var text = UTF8ToString(textPtr);
    var canvas = ANL_textCanvas || (ANL_textCanvas = document.createElement('canvas'));
    var ctx = canvas.getContext('2d');
    // The same stack as web/platform.css: Latin first, then Arabic, then the names subset.
    var font = (bold ? '700 ' : '400 ') + sizePx + 'px "Anl Noto Sans", "Anl Noto Sans Arabic", "Anl Arabic Names", sans-serif';
    var setUp = function () {
      ctx.font = font;
      ctx.direction = rtl ? 'rtl' : 'ltr';
      ctx.textAlign = rtl ? 'right' : 'left';
      ctx.textBaseline = 'alphabetic';
      ctx.fillStyle = '#fff';
    };
    setUp();
    var lines = [];
    text.split('\n').forEach(function (paragraph) {
      var words = paragraph.split(' ');
      var line = words[0];
      for (var i = 1; i < words.length; i++) {
        var longer = line + ' ' + words[i];
        if (wrapPx > 0 && ctx.measureText(longer).width > wrapPx) { lines.push(line); line = words[i]; }
        else line = longer;
      }
      lines.push(line);
    });
    var width = 1;
    lines.forEach(function (l) { width = Math.max(width, Math.ceil(ctx.measureText(l).width)); });
    if (wrapPx > 0) width = Math.min(width, Math.ceil(wrapPx));
    // The primary font's ascent and descent (as CSS uses them for the line box), from a space.
    var m = ctx.measureText(' ');
    var ascent = m.fontBoundingBoxAscent, descent = m.fontBoundingBoxDescent;
    if (!(ascent > 0)) { ascent = 0.8 * sizePx; descent = 0.2 * sizePx; }
    var baseline = Math.round((lineHeightPx - (ascent + descent)) / 2 + ascent);
    canvas.width = width + 2; // a pixel of room on each side for overhanging marks
    canvas.height = Math.max(1, Math.round(lineHeightPx * lines.length));
    setUp(); // resizing a canvas resets its state
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    lines.forEach(function (l, i) {
      ctx.fillText(l, rtl ? width + 1 : 1, Math.round(i * lineHeightPx) + baseline);
    });
    var gl = GLctx;
    var previous = gl.getParameter(gl.TEXTURE_BINDING_2D);
    var texture = gl.createTexture();
    var id = GL.getNewId(GL.textures);
    texture.name = id;
    GL.textures[id] = texture;
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    gl.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, canvas);
    gl.bindTexture(gl.TEXTURE_2D, previous);
    canvas.width = canvas.height = 1; // drop the pixels: they may show what someone typed
    HEAPF32[out >> 2] = width + 2;
    HEAPF32[(out >> 2) + 1] = Math.round(lineHeightPx * lines.length);
    return id;
  },

  anl_prefers_high_contrast: function () {
    return window.matchMedia('(prefers-contrast: more), (forced-colors: active)').matches ? 1 : 0;
  },

  anl_set_page_theme: function (high) {
    document.body.classList.toggle('anl-high-contrast', !!high);
  },

  anl_publish_widgets__deps: ['$ANL_updateMirror'],
  anl_publish_widgets: function (jsonPtr, frameCount) {
    window.anl.frameCount = frameCount;
    if (!jsonPtr) return;
    window.anl.widgets = JSON.parse(UTF8ToString(jsonPtr));
    ANL_updateMirror(window.anl.widgets);
  },

  // A fresh instance on the start page: the old document's wasm memory, DOM and JS state go with
  // it. replace(): the finished session leaves no history entry to go Back to.
  anl_fresh_start: function () {
    location.replace(location.href);
  },

  anl_after_paint: function (callbackId) {
    requestAnimationFrame(function () { setTimeout(function () { _anl_on_after_paint(callbackId); }, 0); });
  },
});
