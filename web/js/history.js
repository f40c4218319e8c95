// The browser's history (src/platform/history.h): each page of a flow is an entry, so Back and
// Forward move between pages and never leave the service. An entry's state holds its index and
// the instance of the page that made it, nothing else: no answer, no name, no page id.
mergeInto(LibraryManager.library, {
  // Entries made by an earlier instance of the page (before a reload or a "finish") mean nothing
  // to this one: they are reported as -1.
  $ANL_initHistory: function (A) {
    A.historyInstance = Math.random().toString(36).slice(2);
    window.addEventListener('popstate', function (e) {
      var s = e.state;
      var ours = s && s.anlInstance === A.historyInstance && typeof s.anlIndex === 'number';
      _anl_on_history(ours ? s.anlIndex : -1);
    });
  },

  anl_history_set: function (index, push) {
    var state = { anlIndex: index, anlInstance: window.anl.historyInstance };
    // The URL stays as it is (its ?lang= and ?kiosk=): the page is not a place to link to.
    if (push) history.pushState(state, ''); else history.replaceState(state, '');
  },

  anl_history_go: function (delta) { history.go(delta); },
});
