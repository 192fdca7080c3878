"""A story's section (World, U.S., Politics, ...) from what its articles say.

Each section has cue words chosen for what the section is about, not for any dataset's
topic labels, so that stories of topics never seen in development still land where a
reader looks for them: "wildfire smoke" is Climate, "Wimbledon" Sports, "the Kremlin"
World. A cue in a headline counts three times one in the text; a section needs a score
of ``MIN_SCORE`` to win, and a story that reaches none goes to the default section.
Politics cues are everywhere in US news ("Biden", "Congress"), so they weigh less than
the cues of a subject. Measured against AllSides' topic labels in docs/decisions/front.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache

from newsdesk.models import Article

WORLD = "World"
US = "U.S."
POLITICS = "Politics"
BUSINESS = "Business"
HEALTH = "Health"
SCIENCE = "Science and Technology"
CLIMATE = "Climate"
SPORTS = "Sports"
CULTURE = "Culture"
SECTIONS = (WORLD, US, POLITICS, BUSINESS, HEALTH, SCIENCE, CLIMATE, SPORTS, CULTURE)
DEFAULT_SECTION = US
MIN_SCORE = 3.0
TITLE_WEIGHT = 3.0

# Cue phrases, comma-separated (lower case; a trailing * matches any ending), by weight.
_CUES: Mapping[str, tuple[tuple[float, str], ...]] = {
    WORLD: (
        (
            2.0,
            "afghan*, kabul, taliban, iran*, tehran, iraq*, syria*, israel*, gaza, hamas, "
            "hezbollah, palestin*, lebanon, yemen, saudi*, egypt*, turkey, turkish, erdogan, "
            "russia*, moscow, kremlin, putin, ukrain*, kyiv, belarus*, china, chinese, "
            "beijing, xi jinping, hong kong, taiwan*, north korea*, south korea*, pyongyang, "
            "kim jong, japan*, tokyo, india*, modi, pakistan*, bangladesh, myanmar, burma*, "
            "philippine*, indonesia*, vietnam*, australia*, europe*, brussels, britain, "
            "british, u.k., london, boris johnson, france, french, paris, macron, germany, "
            "german, berlin, merkel, italy, italian, spain, spanish, poland, polish, "
            "hungar*, greece, greek, mexico, mexican, canada, canadian, trudeau, brazil*, "
            "venezuela*, cuba*, haiti*, colombia*, peru, argentin*, chile, nicaragua*, "
            "guatemala*, honduras, el salvador, africa*, nigeria*, ethiopia*, tigray, "
            "sudan*, kenya*, somalia, congo, united nations, u.n., nato, g7, g-7, g20, "
            "embassy, embassies, diplomat*, foreign minister, prime minister, sanction*, "
            "refugee*, overseas, abroad",
        ),
        (
            1.0,
            "foreign, international, global, world*, allies, ally, treaty, regime, coup",
        ),
    ),
    US: (
        (
            2.0,
            "police, policing, border, border wall, southern border, massacre*, officer*, "
            "shooting*, gunman, gunmen, murder*, homicide*, crime*, criminal, arrest*, "
            "jail*, prison*, sentenced, indicted, charged, trial, jury, verdict, "
            "prosecutor*, sheriff, fbi, border patrol, migrant*, asylum, immigra*, deport*, "
            "undocumented, daca, school*, student*, teacher*, universit*, college*, campus, "
            "collapse*, condo, surfside, tornado*, hurricane*, flood*, earthquake, storm*, "
            "rescue*, firefighter*, gun*, firearm*, rifle*, handgun*, second amendment, nra, "
            "mass shooting, racism, racial, black americans, hate crime*, riot*, protest*, "
            "protester*, military, pentagon, troops, veteran*, soldier*, navy, army, "
            "air force, marine*, homeless*, housing, eviction*, highway*, airline*, "
            "airport*, flight*, amtrak, train, trains, marijuana, cannabis, lgbt*, "
            "transgender, gay, same-sex",
        ),
        (
            1.0,
            "americans, nationwide, county, city, cities, state, states, residents, "
            "community, town*",
        ),
    ),
    POLITICS: (
        (
            1.25,
            "election*, electoral, ballot*, voter*, voting, vote*, poll*, campaign*, "
            "candidate*, primary, primaries, gop, republican*, democrat*, congress*, "
            "congressional, senate*, senator*, house, speaker, lawmaker*, legislat*, bill, "
            "bills, filibuster*, bipartisan, partisan, impeach*, white house, "
            "administration, supreme court, justice*, governor*, gubernatorial, midterm*, "
            "caucus, pelosi, mcconnell, schumer, manchin, sinema, cheney, mccarthy, aoc, "
            "ocasio-cortez, desantis, cuomo, newsom",
        ),
        (
            0.75,
            "biden, trump, harris, president*, political*, politic*, policy, policies",
        ),
    ),
    BUSINESS: (
        (
            2.0,
            "econom*, inflation, price*, consumer*, jobs, job, unemployment, jobless, wage*, "
            "hiring, labor, market*, stock*, shares, investor*, wall street, dow, nasdaq, "
            "s&p, fed, federal reserve, interest rate*, tax*, taxes, irs, treasury, yellen, "
            "budget, deficit, debt, spending, infrastructure, trillion, billion, bank*, "
            "banking, loan*, mortgage*, business*, compan*, corporat*, industr*, retail*, "
            "sales, earnings, profit*, revenue*, ceo*, merger*, acquisition*, supply chain*, "
            "shortage*, trade, tariff*, export*, import*, manufactur*, gdp, growth, "
            "recession, crypto*, bitcoin, dollar*, minimum wage, social security, pension*, "
            "union*, strike*",
        ),
    ),
    HEALTH: (
        (
            2.5,
            "covid*, coronavirus, pandemic, virus*, vaccin*, vaccine*, vaccinat*, booster*, "
            "pfizer, moderna, johnson & johnson, fda, cdc, fauci, mask*, masks, "
            "delta variant, variant*, infection*, infected, hospital*, patient*, doctor*, "
            "nurse*, disease*, health*, medical, medicine, drug*, treatment*, alzheimer*, "
            "cancer, opioid*, overdose*, mental health, obesity, lockdown*, quarantin*, "
            "outbreak*, epidemic*, world health organization, nih",
        ),
    ),
    SCIENCE: (
        (
            2.5,
            "tech, technolog*, facebook, twitter, google, apple, amazon, microsoft, tiktok, "
            "youtube, instagram, social media, platform*, online, internet, app, apps, "
            "software, algorithm*, artificial intelligence, ai, robot*, cyber*, "
            "cyberattack*, hack*, hacker*, ransomware, malware, data breach*, privacy, "
            "encryption, silicon valley, zuckerberg, musk, bezos, tesla, spacex, nasa, "
            "space, rocket*, astronaut*, mars, moon, satellite*, telescope*, scientist*, "
            "science*, researchers, physics, biology, semiconductor*, chip*, computer*",
        ),
    ),
    CLIMATE: (
        (
            3.0,
            "climate, global warming, emission*, carbon, greenhouse, fossil fuel*, coal, "
            "pipeline*, keystone, drilling, renewable*, solar, wind power, "
            "electric vehicle*, ev, evs, energy, heat wave*, heatwave*, drought*, wildfire*, "
            "wildfires, environment*, environmental, epa, pollution, paris agreement, "
            "sustainab*, net zero, net-zero, sea level*, glacier*, extreme weather",
        ),
    ),
    SPORTS: (
        (
            3.0,
            "sport*, olympic*, olympics, athlete*, game*, season*, team*, coach*, player*, "
            "league, nfl, nba, mlb, nhl, ncaa, fifa, uefa, soccer, football, basketball, "
            "baseball, hockey, tennis, golf, wimbledon, tournament*, championship*, "
            "champion*, world cup, super bowl, playoff*, medal*, stadium*, quarterback*, "
            "pitcher*, match*, espn",
        ),
    ),
    CULTURE: (
        (
            2.5,
            "church*, catholic*, journalis*, newsroom*, retract*, meme*, divorce*, "
            "birth rate*, declaration of independence, patriot*, pope, bishop*, religio*, "
            "faith*, christian*, muslim*, jewish, synagogue*, mosque*, film*, movie*, "
            "hollywood, actor*, actress*, music*, singer*, album*, concert*, book*, novel*, "
            "author*, artist*, art, museum*, television, tv show*, netflix, disney, "
            "celebrit*, oscar*, emmy*, grammy*, fashion, food*, restaurant*, recipe*, "
            "holiday*, christmas, thanksgiving, easter, juneteenth, independence day, "
            "fourth of july, memorial day, wedding*, marriage*, culture*, cultural, woke, "
            "cancel culture, media bias, journalis*, newspaper*, news anchor*",
        ),
    ),
}


@cache
def _patterns() -> dict[str, list[tuple[float, re.Pattern[str]]]]:
    compiled: dict[str, list[tuple[float, re.Pattern[str]]]] = {}
    for section, groups in _CUES.items():
        compiled[section] = []
        for weight, words in groups:
            phrases = [p.strip() for p in words.split(",") if p.strip()]
            alternatives = "|".join(
                re.escape(p[:-1]) + r"[\w'-]*" if p.endswith("*") else re.escape(p)
                for p in sorted(phrases, key=len, reverse=True)
            )
            compiled[section].append(
                (weight, re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"))
            )
    return compiled


def section_scores(articles: Sequence[Article]) -> dict[str, float]:
    """Each section's score for a story: its cues, a headline's counting three times.

    Args:
        articles: the story's articles (titles and texts are read).

    Returns:
        Section -> score, for every section in ``SECTIONS``.
    """
    titles = " ".join(a.title for a in articles).lower()
    texts = " ".join(a.text for a in articles).lower()
    scores = {}
    for section, patterns in _patterns().items():
        total = 0.0
        for weight, pattern in patterns:
            total += weight * (TITLE_WEIGHT * len(pattern.findall(titles)))
            total += weight * len(pattern.findall(texts))
        scores[section] = total / max(1, len(articles))
    return scores


def classify_section(
    articles: Sequence[Article],
    sections: Sequence[str] = SECTIONS,
    default: str = DEFAULT_SECTION,
) -> str:
    """The section a story belongs in.

    Args:
        articles: the story's articles.
        sections: the sections the site has (a subset of ``SECTIONS``, in any order).
        default: where a story that reaches no section's ``MIN_SCORE`` goes.

    Returns:
        One of ``sections``, or ``default``.
    """
    scores = section_scores(articles)
    allowed = [s for s in sections if s in scores]
    if not allowed:
        return default
    best = max(allowed, key=lambda s: (scores[s], -allowed.index(s)))
    return best if scores[best] >= MIN_SCORE else default
