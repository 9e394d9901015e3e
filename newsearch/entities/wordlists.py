"""Word lists: what tells a person's name from other capitalised words.

Used by :mod:`newsearch.entities.extract` to classify candidate spans:

* :data:`TITLES` lead a name and are stripped from it ("Supreme Leader Ayatollah Ali Khamenei"
  -> "Ali Khamenei"); a stripped title is evidence of a person.
* :data:`ROLES`, written in lower case just before a span, are evidence too ("his spokesman,
  Dmitry Peskov", "striker Davor Suker").
* :data:`ORG_WORDS` make a span an organisation, event or place, never a person ("Economic
  Committee", "Black Sea", "Manchester United").
* :data:`ORG_HEADS` (companies, institutions, clubs, parties, media) make a span an organisation;
  :data:`ORG_SUFFIXES` (Inc, Corp, Ltd...) are left out of its name.
* :data:`NOT_NAMES` are capitalised words that are never names (days, months, holidays...).
* :data:`PARTICLES` may sit inside a name in lower case ("Ludwig van Beethoven", "Osama bin
  Laden").

NLTK's ``names`` (given names) and ``words`` (English vocabulary) corpora are loaded lazily by
:func:`given_names` and :func:`common_words`.
"""

from __future__ import annotations

from functools import cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLES = _words(
    """mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady rev rev. reverend president
    vice prime minister premier chancellor secretary foreign finance defence defense interior
    economy economics trade justice deputy acting former late general gen gen. lt lt. col col.
    colonel maj maj. capt capt. captain sgt sgt. sergeant adm adm. admiral marshal commander
    brigadier king queen prince princess crown emperor empress pope sheikh sheik emir sultan
    shah ayatollah imam rabbi cardinal bishop archbishop supreme leader chief major lieutenant
    officer undersecretary undersecretary-general under-secretary secretary-general
    senator sen sen. rep rep. representative congressman congresswoman governor gov gov. mayor
    judge ambassador envoy spokesman spokeswoman chairman chairwoman director commissioner
    speaker attorney treasurer coach manager executive president-elect ex-president duke
    duchess baron baroness professor inspector detective superintendent"""
)

#: titles that make even a single common word a surname ("Mr Baker", "President Bush")
HONORIFICS = _words(
    """mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady president premier chancellor minister
    secretary senator sen. governor gov. mayor judge ayatollah sheikh king queen prince pope
    rep. representative congressman ambassador"""
)

#: lower-case words just before a span that say a person follows
ROLES = TITLES | _words(
    """spokesperson aide adviser advisor counterpart son daughter wife husband widow brother
    sister father mother uncle nephew cousin colleague rival opponent challenger winner
    runner-up seed champion player batsman bowler jockey trainer rider driver cyclist swimmer
    runner sprinter skier golfer boxer striker midfielder defender goalkeeper forward skipper
    keeper owner founder partner lawyer actor actress singer writer author novelist producer
    artist composer poet journalist correspondent reporter editor analyst economist dealer
    trader strategist banker investor businessman tycoon magnate billionaire candidate
    nominee delegate negotiator mediator official officer policeman soldier suspect
    prisoner victim dissident activist militant head boss veteran"""
)

#: words that make a span an organisation, event or place
ORG_WORDS = _words(
    """parliament committee bank kremlin party council ministry corp corp. corporation inc inc.
    ltd ltd. co co. plc ag sa nv llc gmbh group association union university institute agency
    commission court department federation fund organisation organization league club fc
    city united rovers wanderers athletic athletico county town albion airlines airways air
    motors company exchange news times post journal herald tribune gazette telegraph daily
    press television tv radio network channel board office assembly senate house congress
    church mosque temple army navy force forces police front movement republic kingdom empire
    street road avenue square river sea ocean lake gulf bay island islands mountain mountains
    hill hills valley beach coast airport port harbour harbor station hotel hospital school
    college academy centre center cup championship championships open games olympics olympic
    trophy prix series tournament stadium park tower palace museum gallery theatre theater
    foundation trust holdings industries international securities capital partners services
    systems technologies technology energy oil petroleum gas mining resources communications
    telecom pharmaceuticals chemicals chemical steel index stock stocks market markets
    treasury reserve fed nations community alliance embassy consulate government
    administration authority bureau service commerce chamber laboratories labs software
    computer computers electronics electric motor insurance financial finance investment
    investments brands foods products enterprises ventures estates properties railway
    railways shipping lines express mail review magazine report record world global national
    federal state states province region district northern southern eastern western central
    new san santa los las fort mount cape saint st st. newsroom bridge stadium brothers oy ab
    nv n.v. spa s.p.a. bhd pty kk kg economics industrie landesbank banque credit associates"""
)

#: words that end a company's name and are left out of it ("Texaco Inc" -> "Texaco")
ORG_SUFFIXES = _words(
    """inc inc. corp corp. co co. cos cos. ltd ltd. plc llc llp lp ag sa s.a. nv n.v. gmbh spa
    s.p.a. bhd pty kk ab oy asa"""
)

#: words that make a span an organisation (and not a place or an event): a subset of ORG_WORDS
ORG_HEADS = ORG_SUFFIXES | _words(
    """bank banks bancorp bancshares party committee council ministry corporation company
    association union university institute agency commission federation fund organisation
    organization league club fc united rovers wanderers athletic albion airlines airways
    motors exchange securities holdings industries partners services systems technologies
    communications telecom pharmaceuticals chemicals steel insurance financial investments
    brands foods products enterprises ventures brothers associates laboratories foundation
    trust board bureau authority department commission news times post journal herald
    tribune gazette telegraph press television radio network parliament senate congress
    assembly army navy police front movement church group groups capital markets management
    research international petroleum dems energy resources mining electric electronics software"""
)

#: capitalised words that are never (part of) a person's name
NOT_NAMES = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december christmas easter ramadan god allah
    internet web twitter facebook i i'm i'd i've dollar dollars euro yen sterling islam
    islamic muslim muslims christian christians jewish jews catholic protestant sunni shi'ite
    shiite communist communists socialist democrats republicans nazi nazis marxist zionist
    republican democrat labour tory conservative liberal"""
)

#: compass words: a span starting with one is a region ("West African", "North Sea")
COMPASS = _words("north south east west northern southern eastern western central upper lower")

#: words of NOT_NAMES that start a party's name ("Labour Party", "Republican National Committee")
PARTIES = _words(
    """labour tory conservative liberal democrat democrats republican republicans communist
    socialist christian islamic"""
)

PARTICLES = _words("de da di del della der den van von le la du dos das bin ibn al el ter ten y")


@cache
def given_names() -> frozenset[str]:
    """Given names from NLTK's ``names`` corpus (male and female), as written there."""
    from nltk.corpus import names

    from ..nltkdata import ensure

    ensure("names")
    return frozenset(names.words("male.txt")) | frozenset(names.words("female.txt"))


class Vocabulary:
    """Words and their -s plurals (``word + "s"``), the plurals not stored: half the memory
    of a set holding them too (30 MiB in each indexing worker)."""

    __slots__ = ("_extra", "_words")

    def __init__(self, words: frozenset[str], extra: frozenset[str]) -> None:
        self._words = words  # with their plurals
        self._extra = extra  # without

    def __contains__(self, word: object) -> bool:
        if word in self._words or word in self._extra:
            return True
        return isinstance(word, str) and word.endswith("s") and word[:-1] in self._words


@cache
def common_words() -> Vocabulary:
    """Lower-case English words (NLTK ``words`` plus English ``stopwords``), with -s plurals."""
    from nltk.corpus import stopwords, words

    from ..nltkdata import ensure

    ensure("words", "stopwords")
    return Vocabulary(
        frozenset(w for w in words.words("en") if w.islower()),
        frozenset(stopwords.words("english")),
    )


@cache
def stop_words() -> frozenset[str]:
    """English function words (NLTK ``stopwords``): never the first word of a name."""
    from nltk.corpus import stopwords

    from ..nltkdata import ensure

    ensure("stopwords")
    return frozenset(stopwords.words("english"))


#: languages whose function words tell a text is not English
FOREIGN = _words(
    "german french spanish italian portuguese dutch swedish danish norwegian finnish russian"
    " indonesian turkish"
)


@cache
def foreign_stop_words() -> frozenset[str]:
    """Function words of other languages (NLTK ``stopwords``) that are not English ones."""
    from nltk.corpus import stopwords

    from ..nltkdata import ensure

    ensure("stopwords")
    words = {w for language in FOREIGN for w in stopwords.words(language)}
    return frozenset(words - stop_words())
