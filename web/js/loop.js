// The render loop's JS half (src/platform/loop.h): start-up, the first frame, the page's own
// failure message, a fresh instance, and callbacks after the browser painted.
mergeInto(LibraryManager.library, {
  anl_js_init__deps: ['$ANL_initMirror', '$ANL_initTextFields', '$ANL_initHistory', '$ANL_initActivity'],
  anl_js_init: function () {
    // What tests read: the widgets drawn in the last frame and a frame counter; each concern adds
    // its own part.
    // startUrl: the address the page opened with (its language and text size), for a fresh start.
    var A = window.anl = { widgets: [], frameCount: 0, startUrl: window.location.href };
    ANL_initMirror(A);
    ANL_initTextFields(A);
    ANL_initHistory(A);
    ANL_initActivity(A);
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

  // When the person last touched, clicked, scrolled or typed (for the idle warning on shared
  // devices and kiosks). Capture phase: the canvas, the mirror and the text overlay all count.
  $ANL_initActivity: function (A) {
    A.lastInput = performance.now();
    ['pointerdown', 'keydown', 'wheel', 'touchstart', 'input'].forEach(function (type) {
      window.addEventListener(type, function () { A.lastInput = performance.now(); },
                              { capture: true, passive: true });
    });
  },

  anl_idle_seconds: function () {
    return (performance.now() - window.anl.lastInput) / 1000;
  },

  anl_after_seconds: function (callbackId, seconds) {
    setTimeout(function () { _anl_on_timer(callbackId); }, Math.max(0, seconds * 1000));
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

  // A fresh instance on the start page, at the address the page opened with (in its language,
  // whatever the last person chose): the old document's wasm memory, DOM and JS state go with
  // it. replace(): the finished session's own entry is not one to go Back to.
  anl_fresh_start: function () {
    location.replace(window.anl.startUrl);
  },

  anl_after_paint: function (callbackId) {
    requestAnimationFrame(function () { setTimeout(function () { _anl_on_after_paint(callbackId); }, 0); });
  },
});
