"""`marsad stories`, `marsad story`, `marsad show` and `marsad search --all-copies` on the samples."""

import json

from clirun import run


def test_story_cli_stories_story_show_and_search(capsys, samples, archive_path):
    db = str(archive_path)
    run(capsys, "ingest", str(samples), "--db", db, "--no-progress")
    code, out, _ = run(capsys, "stories", "--json", "--db", db, "--limit", "50")
    stories = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and stories
    flood = next(s for s in stories if {a["relation"] for a in s["articles"]} == {"origin", "copy"})
    copy = next(a for a in flood["articles"] if a["relation"] == "copy")
    lasts = [s["last_published"] or "" for s in stories if s["last_published"]]
    assert lasts == sorted(lasts, reverse=True)  # newest first

    code, out, _ = run(capsys, "story", copy["id"], "--db", db)
    assert code == 0 and flood["id"] in out and "* " + flood["origin"] in out
    shown = json.loads(run(capsys, "show", copy["id"], "--db", db)[1])
    assert shown["story"] == flood["id"] and shown["provenance"]["copy_of"] == flood["origin"]

    hits = [json.loads(line) for line in run(capsys, "search", "الأمطار", "--json", "--db", db)[1].splitlines()]
    assert len(hits) == 1 and len(hits[0]["copies"]) == 1
    every = run(capsys, "search", "الأمطار", "--json", "--all-copies", "--db", db)[1].splitlines()
    assert len(every) == 2
    assert run(capsys, "story", "nope", "--db", db)[0] == 5
    assert run(capsys, "stories", "--since", "2025-13-01", "--db", db)[0] != 0
    assert run(capsys, "stories", "--entity", "nobody at all", "--db", db)[2].strip() == "no stories"

    code, _, err = run(capsys, "stories", "--rebuild", "--json", "--db", db, "--limit", "50")
    assert code == 0 and "rebuilt stories over" in err
