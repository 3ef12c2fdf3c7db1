"""Cohort stores: where submissions are kept. One interface, three kinds of store.

``open_store(location)`` (:mod:`.factory`) returns a :class:`~.base.Store` for a folder path,
a ``postgresql://`` URL (when the ``hub`` extra is installed) or the hub's share service
(``jupyterhub-service:...``). Everything else (the share panel, the loader, the CLI) talks to
that interface only:

=================================  ==========================================================
``put(submission)``                write one participant's submission; replaces theirs if any
``delete(token) -> bool``          withdraw: remove that token's submission; False if none
``records()``                      iterate ``(name, data)``: ``data`` is the raw bytes (or a
                                   dict) of each candidate submission, or a :class:`Problem`
                                   when it could not be read safely (too big, a link...)
``count() -> int``                 how many items ``records()`` will yield (for progress bars)
``settings()``                     the cohort's :class:`CohortSettings`, or None if it has none
``init_settings(code, min_group)`` create or confirm the settings; min_group and code are
                                   fixed once the first submission exists, and the keeping
                                   time can then only be shortened (rules in :mod:`.base`)
``set_aside(name, reason)``        move a rejected record out of the way, with its reason;
                                   returns where it went, or None if it could not be moved.
                                   Never deletes.
``has_submissions() -> bool``      whether any submission (valid or not) is stored
``set_aside_records()``            like ``records()``, for what was set aside (for purge)
``delete_set_aside(name)``         remove one set-aside record and its reason (purge only)
``location``                       a string naming the store, shown to people
``identity``                       one name however the location is spelled (a resolved path)
``sources() -> dict``              token -> an opaque id of the account that wrote it, where
                                   the store can tell (the loader counts each account once)
``read_state(name)``/``write_state`` the facilitator's own saved state (the revealed set)
``state_lock()``                   held while an output decides a reveal
``leftovers()``/``remove_leftovers`` temp copies a crash left (check, purge, withdraw)
``prepare()``                      what setup-cohort creates besides the settings
=================================  ==========================================================

The modules, each importing only the ones below it in this list (``tests/test_store_layout.py``
checks that no import goes back up or round in a circle):

- :mod:`.factory`: ``open_store``, ``open_postgres_store``; imports the PostgreSQL store only
  when a URL is given.
- :mod:`.folder_setup`: ``setup-cohort`` for a folder: drop-box permissions (``chmod 3733``)
  and the warnings when a folder lacks them.
- :mod:`.folder`: :class:`FolderStore`, a folder on a shared drive, with its own layout and its
  defences against planted links and folders (described there).
- :mod:`.postgres`: :class:`PostgresStore`, for hubs that span machines (needs the ``hub``
  extra).
- :mod:`.hubservice`: :class:`HubServiceStore`, a participant's server sending through the
  hub's share service; it only sends.
- :mod:`.base`: :class:`Store`, the rules every store shares (written once, as template
  methods calling each store's small steps), :class:`StoreError` and :class:`Problem`.

This file imports nothing, so importing any one store never runs the others.
"""
