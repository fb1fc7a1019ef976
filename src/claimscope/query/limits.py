"""How long what a reader asks for may be: the same for the HTTP API's parameters and the desk's
pages, which read the same query functions (a search the page refused, the API took)."""

SEARCH_CHARS = 500  # words of a text or title: a sentence pasted to find its article
NAME_CHARS = 400  # a speaker's resolved name, or any spelling of it
SITE_CHARS = 255  # a host name
LANGUAGE_CHARS = 8  # an ISO 639-1 code
ABOUT_CHARS = 200  # a place or person the claims are about
