"""SQLAlchemy models: documents, entities, mentions, attributions, claims, knowledge, ingest problems."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from claimscope.store.rows import KEY_CHARS


class Clipped(TypeDecorator[str]):
    """A bounded string, cut to its length when stored: SQLite ignores a VARCHAR's length, but
    PostgreSQL refuses a longer value, and a long site name or date phrase from an untrusted page
    must not cost the document. The schema is a plain VARCHAR(length)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        length = getattr(self.impl_instance, "length", None)
        return value[:length] if value is not None and length is not None else value


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(Clipped(40), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(Clipped(255))
    url: Mapped[str | None] = mapped_column(Text, index=True)  # canonical for fetched pages (not fetched twice)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str | None] = mapped_column(Clipped(8), index=True)
    language_score: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    offset_map: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    analysed: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime)
    # counted by the materialised tables (claimscope.query.materialise): a new or replaced row is not
    materialised: Mapped[bool] = mapped_column(default=False, server_default=false(), index=True)
    # how many flags it has in the flags table (`query.tables.count_flags`): the flagged articles at once (0023)
    flag_count: Mapped[int] = mapped_column(default=0, server_default="0", index=True)

    attributions: Mapped[list[AttributionRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="AttributionRow.content_start"
    )
    mentions: Mapped[list[MentionRow]] = relationship(back_populates="document", cascade="all, delete-orphan")
    claims: Mapped[list[ClaimRow]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="ClaimRow.start"
    )


class EntityRow(Base):
    __tablename__ = "entities"
    __table_args__ = (UniqueConstraint("name", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Clipped(400), index=True)
    type: Mapped[str] = mapped_column(Clipped(20))


class MentionRow(Base):
    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(Clipped(20))  # PER, ORG, LOC, MISC or SPEAKER

    document: Mapped[DocumentRow] = relationship(back_populates="mentions")
    entity: Mapped[EntityRow | None] = relationship()


class AttributionRow(Base):
    __tablename__ = "attributions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    speaker_mention_id: Mapped[int | None] = mapped_column(ForeignKey("mentions.id"))
    speaker_entity_id: Mapped[int | None] = mapped_column(Integer)  # that mention's entity: a speaker's articles (0022)
    cue_text: Mapped[str | None] = mapped_column(Text)
    cue_lemma: Mapped[str | None] = mapped_column(Clipped(80), index=True)
    cue_class: Mapped[str | None] = mapped_column(Clipped(20))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(Clipped(20))
    confidence: Mapped[float] = mapped_column(Float)
    construction: Mapped[str] = mapped_column(Clipped(30))

    document: Mapped[DocumentRow] = relationship(back_populates="attributions")
    speaker: Mapped[MentionRow | None] = relationship()


class ProblemRow(Base):
    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(Text, index=True)
    reason: Mapped[str] = mapped_column(Text)
    seen_at: Mapped[datetime] = mapped_column(DateTime)


class ClaimRow(Base):
    """One source's stance on one normalised proposition, in one document."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(Clipped(20), index=True)
    key: Mapped[str] = mapped_column(Clipped(KEY_CHARS), index=True)
    args: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    stance: Mapped[str] = mapped_column(Clipped(10))
    source_name: Mapped[str] = mapped_column(Clipped(400))  # indexed first in ix_claims_source_date
    source_type: Mapped[str] = mapped_column(Clipped(20))
    party: Mapped[str] = mapped_column(Clipped(20))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    evidence: Mapped[str] = mapped_column(Text)
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    date_text: Mapped[str | None] = mapped_column(Clipped(80))
    extent: Mapped[str | None] = mapped_column(Clipped(12))
    hedges: Mapped[list[str]] = mapped_column(JSON, default=list)
    attribution: Mapped[int | None] = mapped_column(Integer)
    place: Mapped[dict[str, object] | None] = mapped_column(JSON)
    sentence_start: Mapped[int | None] = mapped_column(Integer)
    sentence_end: Mapped[int | None] = mapped_column(Integer)

    document: Mapped[DocumentRow] = relationship(back_populates="claims")


class KbEntityRow(Base):
    """An entity added with `kb import` (the packaged knowledge lives in data files)."""

    __tablename__ = "kb_entities"
    __table_args__ = (UniqueConstraint("name", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Clipped(400), index=True)
    type: Mapped[str] = mapped_column(Clipped(20))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    gender: Mapped[str | None] = mapped_column(Clipped(2))
    wikidata: Mapped[str | None] = mapped_column(Clipped(20))
    origin: Mapped[str] = mapped_column(Text)


class KbFactRow(Base):
    __tablename__ = "kb_facts"
    __table_args__ = (UniqueConstraint("subject", "relation", "object", "start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(Clipped(400), index=True)
    relation: Mapped[str] = mapped_column(Clipped(80))
    object: Mapped[str] = mapped_column(Clipped(400))
    start: Mapped[date | None] = mapped_column(Date)
    end: Mapped[date | None] = mapped_column(Date)
    origin: Mapped[str] = mapped_column(Text)


# -- what the sources say together, kept up to date by claimscope.query.materialise ------------


class PropositionRow(Base):
    """A proposition's verdict across sources, materialised so that reads never recompute it."""

    __tablename__ = "propositions"

    pid: Mapped[str] = mapped_column(Clipped(16), primary_key=True)  # stable: a hash of the key
    key: Mapped[str] = mapped_column(Clipped(KEY_CHARS))
    type: Mapped[str] = mapped_column(Clipped(20), index=True)
    status: Mapped[str] = mapped_column(Clipped(20), index=True)
    independent_sources: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    args: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    stances: Mapped[int] = mapped_column(Integer)
    # the status's place in the board's order (contested first); then the most reported, then by key
    rank: Mapped[int] = mapped_column(Integer)  # indexed first in ix_propositions_board
    first_date: Mapped[date | None] = mapped_column(Date)
    last_date: Mapped[date | None] = mapped_column(Date)
    names: Mapped[str] = mapped_column(Text)  # folded names it is about, "|"-separated, for filters
    place: Mapped[str | None] = mapped_column(Clipped(200), index=True)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)


class PropositionStanceRow(Base):
    """One document's stance in a proposition, dated as the verdict read it."""

    __tablename__ = "proposition_stances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pid: Mapped[str] = mapped_column(ForeignKey("propositions.pid", ondelete="CASCADE"))  # ix_…_pid_position
    position: Mapped[int] = mapped_column(BigInteger)  # in the verdict's order, apart (`query.tables.GAP`)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[str] = mapped_column(Clipped(40), index=True)
    stance: Mapped[str] = mapped_column(Clipped(10))
    event_date: Mapped[date | None] = mapped_column(Date, index=True)
    date_text: Mapped[str | None] = mapped_column(Text)
    source_group: Mapped[str] = mapped_column(Clipped(40))

    claim: Mapped[ClaimRow] = relationship()


class MapDayRow(Base):
    """A control proposition's stances of one kind on one day (None: undated), and how many
    sources took that stance first that day: the map sums these as of any day rather than read
    every stance (165,000 at 100,000 documents). Kept by the refresh (`query.map_days`)."""

    __tablename__ = "map_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # first in ix_map_days_covering (all columns: the map sums them from the index alone)
    pid: Mapped[str] = mapped_column(ForeignKey("propositions.pid", ondelete="CASCADE"))
    stance: Mapped[str] = mapped_column(Clipped(10))
    day: Mapped[date | None] = mapped_column(Date)  # first in ix_map_days_day (the date slider's steps)
    stances: Mapped[int] = mapped_column(Integer)
    sources: Mapped[int] = mapped_column(Integer)  # the sources whose first such stance is of this day


class FlagRow(Base):
    """A flagged statement with its evidence, materialised with the verdicts."""

    __tablename__ = "flags"

    id: Mapped[str] = mapped_column(Clipped(16), primary_key=True)  # stable: a hash of what is flagged
    kind: Mapped[str] = mapped_column(Clipped(30))  # indexed first in ix_flags_order
    document_id: Mapped[str] = mapped_column(Clipped(40))  # first in ix_flags_document_order
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # the first pieces only
    evidence_total: Mapped[int] = mapped_column(Integer, default=0)  # all the pieces the flag had


class SpeakerStatsRow(Base):
    """How often each resolved speaker is quoted, and their side: the speakers page in order."""

    __tablename__ = "speaker_stats"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Clipped(400), index=True)
    type: Mapped[str] = mapped_column(Clipped(20))
    side: Mapped[str | None] = mapped_column(Clipped(20))
    statements: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)  # listed most quoted first (an index), then by name


class SpeakerSideRow(Base):
    """How many claims each speaker's name gives each side: the side of a speaker (`SpeakerStatsRow`)
    is the one most given, kept from the new claims of each refresh (counting every claim of a
    much-quoted speaker again took seconds a refresh at 100,000 documents)."""

    __tablename__ = "speaker_sides"

    name: Mapped[str] = mapped_column(Clipped(400), primary_key=True)
    party: Mapped[str] = mapped_column(Clipped(20), primary_key=True)
    claims: Mapped[int] = mapped_column(Integer)


class ObjectSourceRow(Base):
    """How many asserting statements each source gives one object of one person's relation or role
    (``relation``: their digest, `query.object_counts`): a new article's minority flag counts an
    object's sources from these, kept as documents come, not from the relation's every statement."""

    __tablename__ = "object_sources"

    relation: Mapped[str] = mapped_column(String(16), primary_key=True)
    object_id: Mapped[str] = mapped_column(String(16), primary_key=True)  # the object's digest
    source: Mapped[str] = mapped_column(String(40), primary_key=True)  # as the document's group counts
    object: Mapped[str] = mapped_column(Text)
    statements: Mapped[int] = mapped_column(Integer)


class ObjectDayRow(Base):
    """How many asserting statements give one object of a relation or role on each day ("" undated):
    whether the knowledge base contradicts one depends on its type, object and day alone."""

    __tablename__ = "object_days"

    relation: Mapped[str] = mapped_column(String(16), primary_key=True)
    object_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[str] = mapped_column(String(10), primary_key=True)
    object: Mapped[str] = mapped_column(Text)
    statements: Mapped[int] = mapped_column(Integer)


class ObjectEvidenceRow(Base):
    """A statement a flag may cite (`query.evidence.Pick`), kept with its site: of its object, or
    (``agreeing``) of its relation's statements the knowledge base does not contradict."""

    __tablename__ = "object_evidence"

    claim_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreeing: Mapped[bool] = mapped_column(primary_key=True)
    relation: Mapped[str] = mapped_column(String(16), index=True)
    object: Mapped[str] = mapped_column(Text)
    site: Mapped[str] = mapped_column(Text)


class DocumentGroupRow(Base):
    """Which dispatch a document copies and which source it counts as (copies and one site)."""

    __tablename__ = "document_groups"

    document_id: Mapped[str] = mapped_column(Clipped(40), primary_key=True)
    dispatch: Mapped[str] = mapped_column(Clipped(40), index=True)
    source_group: Mapped[str] = mapped_column(Clipped(40), index=True)


class StateRow(Base):
    """Counters: how many times claims changed, and which change the materialised tables reflect."""

    __tablename__ = "store_state"

    name: Mapped[str] = mapped_column(Clipped(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class FeedPollRow(Base):
    """A watched feed: the validators of its last complete read (conditional requests) and its last poll."""

    __tablename__ = "feed_polls"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Clipped(100))
    polled_at: Mapped[datetime] = mapped_column(DateTime)


class GonePageRow(Base):
    """A feed item's page its server said was not there (404, 410): when it first went, when it
    was last asked for (`claimscope.store.polls`)."""

    __tablename__ = "gone_pages"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    checked_at: Mapped[datetime] = mapped_column(DateTime)


class DocumentBandRow(Base):
    """A document's LSH band keys (claimscope.claims.duplicates), stored once: the documents a new
    one may copy are those sharing a bucket, found through the index."""

    __tablename__ = "document_bands"

    document_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    bucket: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # first in ix_document_bands_bucket_document


class DocumentShinglesRow(Base):
    """A document's word shingles, packed (claimscope.claims.duplicates.packed): a candidate copy
    is checked exactly without reading or folding its text again."""

    __tablename__ = "document_shingles"

    document_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    hashes: Mapped[bytes] = mapped_column(LargeBinary)


class ClaimQuoteRow(Base):
    """A direct quote a person is given, by its folded words' key (claims.quotes.quote_key): the
    other speakers a new article's quote is given to are an index lookup, not a read of the store."""

    __tablename__ = "claim_quotes"

    claim_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quote: Mapped[str] = mapped_column(String(16), index=True)
    document_id: Mapped[str] = mapped_column(String(40), index=True)


class ClaimNameRow(Base):
    """A name a claim is about or by (its arguments, its participants): `entity X` reads the index."""

    __tablename__ = "claim_names"

    claim_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(400), primary_key=True)  # first in ix_claim_names_about
    document_id: Mapped[str] = mapped_column(String(40), index=True)
    # the claim's own source is the one named (not a claim about them), and the claim's date: the
    # statements about a name are a range of the index (name, own, event_date, claim_id)
    own: Mapped[bool] = mapped_column(default=False, server_default=false())
    event_date: Mapped[date | None] = mapped_column(Date)
    # the document's publication: an undated claim's names are a range of (name, published) too
    # (ix_claim_names_undated), which the weeks around a meeting are read as
    published: Mapped[date | None] = mapped_column(Date)


class ReplacedRow(Base):
    """What a document analysed again said before, kept from its replacement to the next refresh,
    which recomputes it: the propositions it had stances in (``kind`` "pid"), the speakers it
    quoted and the names its claims gave a side ("speaker"), the meeting keys it reported
    ("meeting"), the relations it asserted ("relation"); its old rows are gone by then (PostgreSQL
    cascades stances away)."""

    __tablename__ = "replaced"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(400))


class PageUrlRow(Base):
    """A fetched page's URL whose text the store already held under another URL (a syndicated copy,
    a page moved): remembered so that polling the feed listing it does not fetch it every time."""

    __tablename__ = "page_urls"

    url: Mapped[str] = mapped_column(Text, primary_key=True)
    document_id: Mapped[str] = mapped_column(String(40), index=True)
