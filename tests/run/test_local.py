"""Executors: in-process and on a process pool, the same articles in the same order."""

from marsad.run.local import process_inputs
from marsad.run.pipelines import PIPELINES
from marsad.sources import read_inputs


def _run(samples, **kw):
    return [(item.origin, article.to_json()) for item, article in process_inputs(read_inputs([str(samples)]), **kw)]


def test_pool_gives_exactly_what_one_process_gives(samples):
    assert _run(samples, workers=2, chunk=3) == _run(samples, workers=1, chunk=3)


def test_clean_pipeline_stops_after_cleaning(samples):
    [(_, article)] = [(i, a) for i, a in process_inputs(read_inputs([str(samples / "autoblog" / "clinic.txt")]),
                                                         pipeline="clean")]
    assert article.text and article.lang == "ar"
    assert article.summary is None and article.topics == [] and article.dates == []


def test_templates_learned_in_a_batch_are_cut(tmp_path):
    stamp = "تابعوا آخر الأخبار على موقعنا الرسمي يوميا"
    bodies = [
        "أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة تضم ملاعب للأطفال.",
        "قررت وزارة النقل تمديد ساعات عمل المترو خلال شهر الصيف لتخفيف الزحام.",
        "انطلقت حملة تشجير واسعة في الأحياء الجنوبية بمشاركة متطوعين من الطلاب.",
        "سجلت الأسواق المحلية تراجعا في أسعار الخضر بعد وفرة المحصول هذا الموسم.",
    ]
    for i, body in enumerate(bodies):
        (tmp_path / f"{i}.txt").write_text(f"{body}\n{body[:-1]} مرة أخرى.\n{stamp}", encoding="utf-8")
    out = [a for _, a in process_inputs(read_inputs([str(tmp_path)]), pipeline="clean")]
    assert all(stamp not in a.text for a in out)
    assert all(any(r.reason == "template" and r.text == stamp for r in a.removed) for a in out)


def test_one_process_finishes_each_article_only_when_the_writer_takes_it(samples):
    finished = []

    def counted(templates):
        pipeline = PIPELINES["clean"](templates)

        def run(article):
            finished.append(article.id)
            return pipeline(article)

        return run

    stream = process_inputs(read_inputs([str(samples)]), pipeline=counted, chunk=1000)
    next(stream)
    assert len(finished) == 1  # the other articles of the chunk wait, extracted but not finished
    rest = list(stream)
    assert len(rest) >= 3 and len(finished) >= 1 + len(rest)
