"""Finding republications: the licensor's original articles looked for in web-crawl archives (WARC files), and
every copy found checked with the pack (``repcheck discover``).

- :mod:`.originals` reads the originals (``--originals SOURCE``); :mod:`.index` indexes their text;
- :mod:`.text` cuts a page into words and samples its word sequences, the fast path every record takes;
- :mod:`.records` cuts an archive file into records; :mod:`.archive` scans one file (the unit of work);
- :mod:`.run` shares files out to a process pool and writes the results; :mod:`.spark` does it on Spark;
- :mod:`.command` is the command line; :mod:`.example` makes originals, planted copies and archives to try it on.

The library API::

    from checker.discover.archive import ScanOptions, scan_archive
    from checker.discover.index import OriginalsIndex

    index = OriginalsIndex.load("originals.idx")
    result = scan_archive("crawl.warc.gz", index, ScanOptions(pack="dcnf"))
    for copy in result.found:
        print(copy["url"], copy["original"], copy["share"], copy["uncredited"], copy["report"]["status"])

The package imports nothing itself, so that ``repcheck check`` does not load warcio and numpy.
"""
