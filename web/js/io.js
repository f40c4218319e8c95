// fetch, the file picker, downloads, the clipboard and localStorage (src/platform/io.h).
mergeInto(LibraryManager.library, {
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

  anl_fetch__deps: ['$ANL_withBytes', '$ANL_withString'],
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
      // Header names come lower-cased from fetch (tus answers in Upload-Offset, Location).
      var headers = {};
      res.headers.forEach(function (value, name) { headers[name] = value; });
      return res.arrayBuffer().then(function (buf) {
        ANL_withBytes(new Uint8Array(buf), function (p, n) {
          ANL_withString(JSON.stringify(headers), function (h) {
            _anl_on_fetch_done(requestId, res.status, p, n, retry > 0 ? retry : 0, h);
          });
        });
      });
    }).catch(function () {
      _anl_on_fetch_done(requestId, 0, 0, 0, 0, 0);
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

  // tab: sessionStorage (gone with the tab), else localStorage.
  anl_storage_get: function (keyPtr, tab) {
    var v = null;
    try { v = (tab ? window.sessionStorage : window.localStorage).getItem(UTF8ToString(keyPtr)); } catch (e) { /* blocked */ }
    if (v === null) return 0;
    var n = lengthBytesUTF8(v) + 1;
    var p = _malloc(n);
    if (p) stringToUTF8(v, p, n);
    return p;
  },

  anl_storage_set: function (keyPtr, valuePtr, tab) {
    try {
      var storage = tab ? window.sessionStorage : window.localStorage;
      if (valuePtr) storage.setItem(UTF8ToString(keyPtr), UTF8ToString(valuePtr));
      else storage.removeItem(UTF8ToString(keyPtr));
    } catch (e) { /* full, private mode or blocked: the page works on without it */ }
  },
});
