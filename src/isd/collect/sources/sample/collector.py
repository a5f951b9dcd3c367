"""The sample source is served by a loopback HTTP server started for the run, so the
offline demo goes through the same fetch → archive → index path as a real crawl."""

from contextlib import contextmanager


@contextmanager
def session(definition):
    from isd.collect.sample import serve_sample

    with serve_sample() as base:
        host = base.split("//", 1)[1]
        yield definition.model_copy(update={
            "start_urls": [u.replace("http://sample.invalid", base) for u in definition.start_urls],
            "allowed_hosts": [host.split(":")[0]],
        })
