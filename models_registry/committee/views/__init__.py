"""The steering committee's pages: queues, appraisal, inspections, score sheets, recognition.

Every page starts from `Initiative.objects.visible_to(user)` narrowed to the subtrees of the
user's committees: outside it → 404; unit staff of the initiative's own unit (who see it but
do not sit on a committee over it) → 403. Every state change goes through
`models_registry.lifecycle`.

- `common`: that scope, the role checks and the 403 page;
- `home`: the home page's three queues and the field x state table;
- `bulk_moves`: bulk approval and bulk return / reject / decline of ticked rows;
- `queues`: the longer lists (due inspections, recognition requests and decisions);
- `initiatives`: one initiative's pages (appraisal and actions, inspections, score sheet,
  outstanding flag).
"""
