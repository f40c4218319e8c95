// Fonts given to the browser and text the browser draws (src/platform/fonts.h). The font stack
// ($ANL_fontStack) is generated from spec/scripts.json (scripts/gen_scripts.py).
mergeInto(LibraryManager.library, {
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
  anl_text_image__deps: ['$GL', '$ANL_textCanvas', '$ANL_fontStack'],
  anl_text_image: function (textPtr, bold, sizePx, lineHeightPx, wrapPx, rtl, out) {
    var text = UTF8ToString(textPtr);
    var canvas = ANL_textCanvas || (ANL_textCanvas = document.createElement('canvas'));
    var ctx = canvas.getContext('2d');
    // The same families as web/platform.css (spec/scripts.json): Latin, Arabic, the names subset.
    var font = (bold ? '700 ' : '400 ') + sizePx + 'px ' + ANL_fontStack();
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
});
