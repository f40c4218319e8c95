// The browser platform layer: WebGL2 canvas, input from emscripten/html5.h, devicePixelRatio,
// render-on-demand, and bridges to the DOM (text inputs, file picker, downloads, fetch, clipboard).
// Everything browser-specific lives in src/platform and web/js; src/ui only sees these headers.
// One header, one source and one JS file per concern; this header includes them all.
#pragma once
#include "platform/fonts.h"       // atlas fonts, browser fonts, browser-drawn text, script table
#include "platform/history.h"     // an entry in the browser's history per page
#include "platform/input.h"       // pointer, touch, wheel, keys, gesture targets
#include "platform/io.h"          // fetch, picked files, downloads, clipboard, storage
#include "platform/loop.h"        // start, frames on demand, after_paint, fresh_start
#include "platform/mirror.h"      // the accessibility mirror, DOM focus and scrolling
#include "platform/page.h"        // mode, URL, document language, theme, local time
#include "platform/text_input.h"  // DOM text fields over ImGui ones
