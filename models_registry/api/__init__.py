"""The read API (/api/v1/) and open data: machines read what the pages show, through the same `visible_to` doors."""
