"""Unit staff pages: home, list, registration, detail, staff actions, evidence and downloads.

Every object comes through `visible_to(user)` (outside scope → 404); acting without the
right role → 403; every state change goes through `lifecycle.apply`.

- `common`: finding an initiative in scope, the staff-only check, what several pages show;
- `lists`: the staff home and the initiative list;
- `registration`: create and edit, the similar/lookup JSON helpers, replication;
- `initiatives`: one initiative's detail page and the staff actions;
- `evidence`: upload, removal and download of evidence files.
"""
