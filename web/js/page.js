// The page and its document (src/platform/page.h): mode, URL, language, theme, local time.
mergeInto(LibraryManager.library, {
  anl_page_mode__deps: ['$ANL_copyOut'],
  anl_page_mode: function (out, cap) {
    return ANL_copyOut(document.body.dataset.mode || 'applicant', out, cap);
  },

  anl_url_language__deps: ['$ANL_copyOut'],
  anl_url_language: function (out, cap) {
    var lang = new URLSearchParams(window.location.search).get('lang') || '';
    return ANL_copyOut(/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(lang) ? lang : '', out, cap);
  },

  // The browser's languages, most wanted first, as "fr-CH,fr,en" (tags of letters, digits, '-').
  anl_browser_languages__deps: ['$ANL_copyOut'],
  anl_browser_languages: function (out, cap) {
    var list = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ''];
    return ANL_copyOut(list.filter(function (l) { return /^[A-Za-z0-9-]{1,35}$/.test(l); }).join(',').slice(0, 250), out, cap);
  },

  anl_now_iso__deps: ['$ANL_copyOut'],
  anl_now_iso: function (out, cap) {
    return ANL_copyOut(new Date().toISOString(), out, cap);
  },

  anl_url_flag: function (namePtr) {
    var v = new URLSearchParams(window.location.search).get(UTF8ToString(namePtr));
    return v === '1' || v === 'true' ? 1 : 0;
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

  anl_set_document_title: function (titlePtr) {
    document.title = UTF8ToString(titlePtr);
  },

  // Only addresses another app answers (tel:): the page itself never navigates away.
  anl_open_link: function (hrefPtr) {
    var href = UTF8ToString(hrefPtr);
    if (/^tel:\+?[0-9]+$/.test(href)) window.location.href = href;
  },

  anl_prefers_high_contrast: function () {
    return window.matchMedia('(prefers-contrast: more), (forced-colors: active)').matches ? 1 : 0;
  },

  anl_set_page_theme: function (high) {
    document.body.classList.toggle('anl-high-contrast', !!high);
  },
});
