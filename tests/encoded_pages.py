"""Pages in several encodings, shared by the fetch and decoding tests."""

from __future__ import annotations

CP1252_PAGE = (
    b'<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head>'
    b"<body><p>\x93Le caf\xe9 na\xefve\x94 \x96 \x80 5</p></body></html>"
)
CP1252_TEXT = "“Le café naïve” – € 5"
LATIN1_META_PAGE = (
    b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    b"</head><body><p>\x93Le caf\xe9 na\xefve\x94 \x96 \x80 5</p></body></html>"
)
CYRILLIC_TEXT = "Привет, мир"
FRENCH_TEXT = (
    "Le gouvernement a présenté mercredi un projet de loi très attendu sur l'énergie. "
    "Les députés débattront du texte à l'Assemblée nationale dès la semaine prochaine, "
    "a précisé le ministère. Élus et syndicats ont réagi à cette annonce."
)


def html(text: str) -> str:
    return f"<!DOCTYPE html><html><head><title>t</title></head><body><p>{text}</p></body></html>"
