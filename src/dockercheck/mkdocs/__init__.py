"""The MkDocs adapters of the checker: events and glue, no policy.

- :mod:`.check`: every docker command of the docs checked (``CommandCheck``);
- :mod:`.sheet`: the cheat sheet page and the notes' command lines explained
  in place (``CheatSheet``), with its template, stylesheet and script;
- :mod:`.plugin`: ``plugins: [dockercheck]``, both with options;
- :mod:`.labels`: the page's words by ``theme.language``.

A site's ``hooks:`` files call the same objects (this project's
``hooks/check_commands.py`` and ``hooks/cheatsheet.py``): nothing is written
twice. The library below (``dockercheck``) never imports MkDocs.
"""
