/*
 * Interdependence: closing a notebook never asks "Save your work? Cancel / Discard / Save".
 *
 * Participants' answers are in their journal, not in the notebook, yet running the cells
 * marks a notebook as changed, so JupyterLab asked on every close, and "Discard" sounds
 * like losing answers. This prebuilt JupyterLab extension replaces the core plugin
 * "@jupyterlab/docmanager-extension:dialogs" (disabled in package.json) with the same
 * dialogs except that one: a changed notebook is saved and closed, as autosave would have
 * done; one that cannot be saved (a read-only file) just closes.
 *
 * A second plugin, "narrow-start": on a phone-sized screen (JupyterLab's own mobile width,
 * 760 px or less) Lab opened with its file browser over most of the screen and the notebook
 * squeezed into a strip beside it; once the layout is restored, the left panel is closed
 * (one tap on its icon opens it again). Wider screens keep the layout they had.
 *
 * Hand-written, so it needs no Node build: it is the webpack module-federation container
 * JupyterLab loads for every prebuilt extension (window._JUPYTERLAB[name] with init() and
 * get()), taking JupyterLab's own @jupyterlab/docmanager from the shared scope.
 * Installed by `make lab` into <venv>/share/jupyter/labextensions/interdependence-lab.
 */
(function () {
  "use strict";
  var NAME = "interdependence-lab";
  var shareScope = null;

  function shared(pkg) {
    var versions = shareScope && shareScope[pkg];
    if (!versions || !Object.keys(versions).length) {
      return Promise.reject(new Error(NAME + ": JupyterLab does not share " + pkg));
    }
    var keys = Object.keys(versions);
    return Promise.resolve(versions[keys[keys.length - 1]].get()).then(function (factory) {
      return factory();
    });
  }

  function plugin(docmanager, translation) {
    return {
      id: NAME + ":save-on-close",
      description: "Document dialogs that save a changed notebook on close instead of asking.",
      autoStart: true,
      provides: docmanager.IDocumentManagerDialogs,
      optional: [translation.ITranslator],
      activate: function (app, translator) {
        var dialogs = new docmanager.DocumentManagerDialogs({
          translator: translator || translation.nullTranslator
        });
        dialogs.saveBeforeClose = function (options) {
          return Promise.resolve({ shouldClose: true, ignoreSave: !options.writable });
        };
        return dialogs;
      }
    };
  }

  //: JupyterLab's own test for a phone-sized screen (its "mobile" format)
  var NARROW = "(max-width: 760px)";

  var narrowStart = {
    id: NAME + ":narrow-start",
    description: "On a phone-sized screen, start with the left panel closed.",
    autoStart: true,
    activate: function (app) {
      app.restored.then(function () {
        var shell = app.shell;
        if (window.matchMedia && window.matchMedia(NARROW).matches && shell
            && typeof shell.collapseLeft === "function" && !shell.leftCollapsed) {
          shell.collapseLeft();
        }
      });
    }
  };

  var registry = (window._JUPYTERLAB = window._JUPYTERLAB || {});
  registry[NAME] = {
    init: function (scope) {
      shareScope = scope;
    },
    get: function (module) {
      if (module !== "./extension") {
        return Promise.reject(new Error(NAME + " has no module " + module));
      }
      return Promise.all([shared("@jupyterlab/docmanager"), shared("@jupyterlab/translation")])
        .then(function (modules) {
          // JupyterLab reads .default only from a module marked as an ES module
          var extension = {
            __esModule: true, default: [plugin(modules[0], modules[1]), narrowStart]
          };
          return function () {
            return extension;
          };
        });
    }
  };
})();
