// Passing strings and bytes between JS and the wasm heap, for every file in web/js. The JS half
// of src/platform is one --js-library per concern (loop, text_input, mirror, io, fonts, page);
// thin on purpose: each owns the DOM elements the canvas cannot replace and hands the rest to C++.
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
});
