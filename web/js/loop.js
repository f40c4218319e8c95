// The render loop's JS half (src/platform/loop.h): start-up, the first frame, the page's own
// failure message, a fresh instance, and callbacks after the browser painted.
mergeInto(LibraryManager.library, {
  anl_js_init__deps: ['$ANL_initMirror', '$ANL_initTextFields'],
  anl_js_init: function () {
    // What tests read: the widgets drawn in the last frame and a frame counter; each concern adds
    // its own part.
    var A = window.anl = { widgets: [], frameCount: 0 };
    ANL_initMirror(A);
    ANL_initTextFields(A);
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

  // A fresh instance on the start page: the old document's wasm memory, DOM and JS state go with
  // it. replace(): the finished session leaves no history entry to go Back to.
  anl_fresh_start: function () {
    location.replace(location.href);
  },

  anl_after_paint: function (callbackId) {
    requestAnimationFrame(function () { setTimeout(function () { _anl_on_after_paint(callbackId); }, 0); });
  },
});
