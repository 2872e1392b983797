"""What the demo's spaces talk about: conversations and questions, written by hand.

Plain data, no database access. Each space has a list of posts in its own
topic; `hearth.seed.demo_content` decides who writes them, when, who replies and
who likes them, with a seeded random generator.

In the texts, ``@{author}`` is replaced by the username of the conversation's
author and ``@{someone}`` by the username of another member of the space; the
sign-ins (``@leader``, ``@facilitator``, ``@champion``, ``@member``…) are named
as they are.
"""

from __future__ import annotations

from dataclasses import dataclass

# A reply is its text, or (sign-in username, text) when a given person writes it.
Reply = str | tuple[str, str]


@dataclass(frozen=True)
class Post:
    title: str
    body: str
    kind: str = "discussion"
    tags: tuple[str, ...] = ()
    replies: tuple[Reply, ...] = ()
    # Index in ``replies`` of the accepted answer (questions only).
    accepted: int | None = None
    # How many more replies to draw from the space's and the common short replies.
    extra: int = 0
    # A sign-in who writes it; None: a member of the space, drawn.
    author: str | None = None


def Q(title, body, tags=(), replies=(), accepted=None, extra=0, author=None) -> Post:  # noqa: N802
    return Post(title, body, "question", tuple(tags), tuple(replies), accepted, extra, author)


def D(title, body, tags=(), replies=(), extra=0, author=None) -> Post:  # noqa: N802
    return Post(title, body, "discussion", tuple(tags), tuple(replies), None, extra, author)


# Short replies that fit any conversation, drawn for ``extra``.
COMMON_REPLIES = [
    "Thanks for writing this up, it is exactly what I needed this week.",
    "Following: we have the same question in our team.",
    "Very useful, thank you. Saving it for our next team meeting.",
    "+1. I would add: write down who owns the next step, or nothing happens.",
    "Good point. We tried something close last year and it worked better than expected.",
    "I shared this with my team, two of them want to join the space now.",
    "Could you post an update in a month? I am curious how it turns out.",
    "Same experience here. The first weeks are the hardest, then it becomes a habit.",
    "Thanks @{author}, this saves me a lot of searching.",
    "Agreed with everything above. Happy to help if you need a second pair of eyes.",
    "Is there a recording or slides somewhere? I could not make it that day.",
    "Bookmarking this. The checklist alone is worth it.",
    "We do it slightly differently, but the idea is the same. I can show you on a call.",
    "Interesting. Did you measure the effect, even roughly?",
    "@{someone} this is the thread I mentioned at lunch.",
    "Thank you, clear and practical. More posts like this, please!",
    "Late to this, but yes: start small and show the result, then people follow.",
    "Nice one. Adding it to the onboarding page of our team.",
]

SPACE_REPLIES: dict[str, list[str]] = {
    "lean-continuous-improvement": [
        "We tried this on line 3 in Munich; the hard part was keeping the audits going after "
        "the first month.",
        "Go and see first. Every time we skipped the gemba walk we solved the wrong problem.",
        "A photo of the before and after on the board did more than any slide.",
        "Standard work only sticks when the operators write it themselves.",
        "Five whys, not three. The third answer is usually still a symptom.",
    ],
    "data-analytics": [
        "If you can share a sample of the data (anonymised) it is much easier to help.",
        "Check the data types first: half of my Power BI problems were text that looked like "
        "numbers.",
        "Incremental refresh saved us here, once the date column was clean.",
        "Put the query in the thread as a code block, then we can all try it.",
        "Careful with averages of averages, they lie politely.",
    ],
    "new-joiners": [
        "Welcome! Do not hesitate to ask, nobody expects you to know everything in week one.",
        "The IT service desk portal has a search that actually works, worth trying first.",
        "Ask your buddy, that is what they are for. If you have no buddy, ask your manager "
        "for one.",
        "The canteen app shows the menu for every site, it took me a month to find it.",
    ],
    "sustainability-champions": [
        "Our site did the same and saved about 8% on electricity in the first quarter.",
        "Let's add this to the Sustainability Week programme.",
        "Do you have the meter readings before and after? Would love to compare.",
        "The waste contractor offered us a free audit, worth asking yours.",
    ],
    "customer-voice": [
        "We heard the same from two customers in Germany last month.",
        "Can we link the survey comments to the account? It would help the sales teams.",
        "A call back within 24 hours changed the tone of most complaints in our region.",
        "Let's bring this to the next product review, it keeps coming up.",
    ],
    "remote-and-hybrid-work": [
        "Cameras optional, agendas mandatory: that rule changed our weekly meeting.",
        "We keep Wednesday as the office day for the whole team and it works.",
        "A shared document with decisions beats a long chat thread every time.",
        "Time zones: we rotate the awkward slot so the same people do not always suffer.",
        "Walking one-to-ones by phone are my favourite meetings now.",
    ],
    "community-managers": [
        "We saw the same drop after the summer. A short poll brought people back.",
        "Let's put this on the agenda of the monthly community managers' call.",
        "Worth adding to the playbook, with the example.",
        "I would show the numbers to the sponsor, it usually unlocks a bit of time.",
    ],
    "finance-business-partners": [
        "We moved that step to day +2 and nobody noticed, except the team who got an evening back.",
        "The business cares about the story behind the variance, not the variance.",
        "Happy to share our template, it is in the library.",
    ],
    "pune-site": [
        "Count me in!",
        "Thanks for organising this.",
        "The admin office on the ground floor can help with that.",
    ],
    "digital-workplace-pilot": [
        "Reproduced on my side, same browser.",
        "Works for me on the desktop app but not in the browser.",
        "Adding this to the feedback list for the vendor call.",
    ],
    "executive-sponsors": [
        "Agreed. Let's decide at the quarterly review.",
        "Fine with me, as long as the units keep their own communities.",
    ],
    "project-aurora": [
        "Noted, I will update the launch plan.",
        "Thanks, reviewed on my side, no objection.",
        "Let's keep this in the team until the announcement.",
    ],
}


# fmt: off
POSTS: dict[str, list[Post]] = {
    # -- Lean & Continuous Improvement ------------------------------------------------------
    "lean-continuous-improvement": [
        D("5S on the Munich assembly line: what we learned in six weeks",
          "We finished our first 5S round on assembly line 2 last Friday. A few lessons, in "
          "case they help another site:\n\n"
          "1. **Sort** took three times longer than planned. Nobody wants to throw away the "
          "spare jig \"just in case\".\n"
          "2. **Set in order** worked best when the operators drew the shadow boards themselves.\n"
          "3. **Shine** revealed two oil leaks we had been living with for months.\n"
          "4. **Standardise** and **Sustain** are where we are now: a weekly 10-minute audit, "
          "rotating auditor.\n\n"
          "Photos are in the library. Thanks to @{someone} for the red-tag area idea!",
          tags=("5s", "shop-floor", "lessons-learnt"),
          replies=(
              ("unitlead", "Great write-up. Could you present this at the Operations call on the "
                           "14th? The Lyon and Atlanta sites are about to start."),
              "The rotating auditor is a good idea. Ours was always the team leader and it "
              "became a chore.",
              "How did you handle the shared areas, like the tool crib? That is where our "
              "5S always falls apart.",
              "We made the shared area its own small 5S project with one owner per week. It "
              "helped.",
          ), extra=3),
        Q("How do you keep a daily stand-up at the board under 15 minutes?",
          "Our shop-floor stand-up at 7:30 keeps drifting to 25 minutes, mostly because "
          "problems get solved on the spot instead of being noted and taken offline.\n\n"
          "What are your rules? Timer? Parking lot? Something else?",
          tags=("daily-management", "meetings"),
          replies=(
              "Parking lot on the right of the board, and the rule that a problem gets a name "
              "and a time, not a discussion. We are at 12 minutes most days.",
              "Stand up, literally. No chairs near the board.",
              ("champion", "We use a visible timer and the facilitator rotates. When the timer "
                           "rings, whatever is left goes to the parking lot with an owner."),
          ), accepted=0, extra=1),
        Q("A3 template for office processes?",
          "Our A3s come from the plant and they feel odd for an invoicing process. Does anyone "
          "have an A3 template adapted to office work, with less about machines and more about "
          "hand-offs and waiting times?",
          tags=("a3", "office-lean"),
          replies=(
              "We replaced the \"equipment\" box with \"systems and hand-offs\" and added a "
              "swimlane for the current state. Happy to share.",
              "The template in the library (A3 - transactional) is what finance used for the "
              "closing process. It worked well.",
          ), accepted=1),
        D("Kaizen event in Atlanta: changeover time from 47 to 19 minutes",
          "Three days, eight people, one press. We filmed the changeover, split internal and "
          "external steps, and moved everything we could before the machine stops.\n\n"
          "| Step | Before | After |\n"
          "|---|---:|---:|\n"
          "| Fetch tools and dies | 14 min | 0 min (done before) |\n"
          "| Swap the die | 18 min | 11 min |\n"
          "| First-piece check | 15 min | 8 min |\n"
          "| **Total** | **47 min** | **19 min** |\n\n"
          "Next: the same on the second press, led by two operators from this event.",
          tags=("smed", "kaizen", "atlanta"),
          replies=(
              "Impressive. Did the quality of the first piece change?",
              "Same quality, and the first-piece check is now done by the operator rather than "
              "waiting for QA.",
              "Filming was the key for us as well. People do not believe the video until they "
              "see themselves walking.",
          ), extra=5),
        Q("Lean in a team of three: worth it?",
          "I lead a small procurement team of three. Everything I read about lean assumes "
          "production lines. Is there a light way to start that makes sense for us?",
          tags=("office-lean", "getting-started"),
          replies=(
              "Start with a visual board of your open requests and their age. The waiting time "
              "will jump at you.",
              "Value stream map one purchase request, end to end, with stopwatch in hand. You "
              "will find the waste in an afternoon.",
          )),
        Q("Who has experience with Gemba walks for managers who are not from production?",
          "Our new site director comes from sales and would like to start regular gemba "
          "walks. Any advice on how to prepare her, and what to avoid in the first ones?",
          tags=("gemba", "leadership")),
        D("Standard work for the quality lab",
          "We wrote standard work for the six most frequent tests in the lab. The surprise: "
          "the two senior technicians did test 4 in two different orders, both valid, and "
          "nobody knew.\n\nWe picked one, wrote it down, and trained everyone. Questions "
          "welcome.",
          tags=("standard-work", "quality"),
          replies=(
              "This is such a common finding. Did the seniors accept the choice easily?",
              "After a bit of discussion, yes. We timed both and the numbers decided.",
          ), extra=2),
        Q("Measuring lead time on an engineering change request",
          "How do you measure lead time for an engineering change, from request to release? "
          "Our ticket system has the dates but the status changes are not reliable.",
          tags=("lead-time", "metrics"),
          replies=(
              "We ignored the intermediate statuses and took only created and released. "
              "Rough, but honest.",
              "Ask the data community, @champion helped us build exactly that report.",
              ("champion", "Happy to help. Post the export in the Data & Analytics space "
                           "and we will look at it together."),
          ), accepted=0),
        D("Lean book club: \"The Toyota Way\" chapters 1-4",
          "Our book club starts next Thursday at 12:30 (Teams link in the calendar invite). "
          "We read chapters 1 to 4 for the first session. Everyone welcome, even if you only "
          "read one chapter.",
          tags=("book-club", "learning"),
          replies=(
              "Joining! Is there a copy in the site library?",
              "Two copies in Lyon, one in Munich.",
          ), extra=4, author="leader"),
        Q("Visual management boards: physical or digital?",
          "Half of my team is remote two days a week. Should we keep the physical board and "
          "take a photo, or move to a digital board? What worked for you?",
          tags=("visual-management", "hybrid"),
          replies=(
              "Physical board in the area, with a webcam pointed at it during the stand-up. "
              "Low-tech, works.",
              "We went fully digital and lost some of the energy. Now we print the board weekly "
              "and pin it up.",
          ), extra=2),
        Q("Handling resistance from experienced operators",
          "Some of our most experienced operators see kaizen as \"another programme from "
          "head office\". How did you win them over?",
          tags=("change-management", "shop-floor"),
          replies=(
              "Ask them to lead the first improvement on their own problem, not yours.",
              "Our most sceptical operator became our best kaizen leader once we fixed the "
              "annoyance he had complained about for years.",
              ("leader", "Make their ideas visible: a board with every idea, its owner, and "
                         "what happened to it. Ignored ideas kill engagement faster than "
                         "anything."),
          ), accepted=2, extra=2),
        D("Value stream mapping workshop: slides and exercise",
          "The slides and the paper-plane exercise from last week's VSM workshop are now in "
          "the library. The exercise works with 6 to 12 people and takes 45 minutes.",
          tags=("vsm", "training"), extra=3),
        Q("Poka-yoke examples for manual packing?",
          "We still have mix-ups of similar-looking parts at manual packing. Looking for "
          "simple mistake-proofing ideas that do not need automation.",
          tags=("poka-yoke", "quality")),
        D("Our first Yokoten between Lyon and Munich",
          "Yokoten, sharing across sites what worked on one. Lyon copied Munich's kanban for "
          "consumables in two weeks, with one change: the cards are in French and English.\n\n"
          "Next candidates: the changeover cart from Atlanta, and the quality alert board.",
          tags=("yokoten", "kanban"),
          replies=(
              ("unitlead", "This is exactly what the network is for. Let's make Yokoten a "
                           "standing item in the monthly Operations call."),
          ), extra=2),
        Q("What is a reasonable target for OEE on an older line?",
          "Our line is 20 years old and our OEE hovers around 58%. Corporate talks about 85% "
          "as world class. What is realistic, and what did you focus on first?",
          tags=("oee", "metrics"),
          replies=(
              "Don't chase 85% on an old line. Look at the biggest of the three losses and "
              "work on it for a quarter.",
              "For us, availability was the big one: small stops under five minutes that "
              "nobody recorded.",
          ), extra=1),
        Q("Suggestion systems: paper box or app?",
          "We are relaunching our suggestion system. The old paper box got three ideas a "
          "year. Does an app make a difference or is it about the follow-up?",
          tags=("ideas", "engagement"),
          replies=(
              "It is the follow-up. Answer every idea within a week, even with a no.",
          ), author="member"),
        D("Lean office: 5S on a shared drive",
          "Yes, it works on files too. We had 14,000 files in the team drive, 40% untouched "
          "for three years. After a 5S afternoon: one folder per process, a naming rule, "
          "and an archive.\n\nNaming rule we chose: `YYYY-MM-DD_process_topic_version`.",
          tags=("5s", "office-lean"),
          replies=(
              "Stealing the naming rule, thank you.",
              "What about the files nobody dares to delete?",
              "Archive them with a date, delete the archive after a year if nobody asked.",
          ), extra=3, author="champion"),
        Q("Lean certification: yellow belt worth it for a team leader?",
          "Is the internal yellow belt worth the two days for a production team leader, or is "
          "learning on the job with a coach better?",
          tags=("training", "six-sigma")),
    ],

    # -- Data & Analytics ----------------------------------------------------------------
    "data-analytics": [
        Q("Power BI: share a report outside the workspace without giving edit rights",
          "I built a sales dashboard in our team workspace. The regional managers should see "
          "it, but not edit it or see the other reports in the workspace. What is the clean "
          "way: an app, direct sharing, or something else?",
          tags=("power-bi", "permissions"),
          replies=(
              "Publish an app from the workspace and give the managers access to the app "
              "only. They see what you put in it, nothing else.",
              "Direct sharing works too but becomes a mess after a dozen people. Go with the "
              "app.",
              ("facilitator", "App, and give access to an Entra group rather than to people "
                              "one by one. Then leavers and joiners are handled for you."),
          ), accepted=2, extra=2),
        D("Python snippet: read every Excel file in a folder into one table",
          "I keep being asked this, so here it is. Reads every `.xlsx` in a folder, keeps "
          "the file name as a column, and writes one CSV:\n\n"
          "```python\n"
          "from pathlib import Path\n\n"
          "import pandas as pd\n\n"
          "frames = []\n"
          "for path in sorted(Path(\"exports\").glob(\"*.xlsx\")):\n"
          "    frame = pd.read_excel(path, sheet_name=0)\n"
          "    frame[\"source_file\"] = path.name\n"
          "    frames.append(frame)\n\n"
          "pd.concat(frames, ignore_index=True).to_csv(\"all_exports.csv\", index=False)\n"
          "```\n\n"
          "Needs `pandas` and `openpyxl`. Questions welcome.",
          tags=("python", "excel", "snippet"),
          replies=(
              "Thank you! Saved me an afternoon of copy-paste.",
              "Tip: add `dtype=str` if your files have leading zeros in part numbers.",
              "What if the sheets have different column names?",
              "Rename them to a common set before the concat, with a small dictionary per "
              "source. Ping me if you want an example.",
          ), extra=4, author="champion"),
        Q("SQL: the latest price per product, without a subquery per row",
          "Our price table has one row per product and date. I need the latest price per "
          "product. My query takes minutes:\n\n"
          "```sql\n"
          "SELECT p.product_id, p.price\n"
          "FROM prices p\n"
          "WHERE p.valid_from = (SELECT MAX(valid_from) FROM prices\n"
          "                      WHERE product_id = p.product_id);\n"
          "```\n\nIs there a faster way?",
          tags=("sql", "performance"),
          replies=(
              "A window function reads the table once:\n\n"
              "```sql\n"
              "SELECT product_id, price\n"
              "FROM (\n"
              "  SELECT product_id, price,\n"
              "         ROW_NUMBER() OVER (PARTITION BY product_id\n"
              "                            ORDER BY valid_from DESC) AS rn\n"
              "  FROM prices\n"
              ") latest\n"
              "WHERE rn = 1;\n"
              "```",
              "And an index on `(product_id, valid_from)` helps both versions.",
          ), accepted=0, extra=2),
        Q("How do you document a dashboard so others can maintain it?",
          "I am leaving the team in two months and my dashboards have no documentation. What "
          "is the minimum useful documentation for a Power BI report?",
          tags=("power-bi", "documentation"),
          replies=(
              "Sources, refresh schedule, owner, and what each measure means in plain words. "
              "Everything else can be found in the file.",
              "A one-page \"how it breaks\" list: the three things that failed before and how "
              "you fixed them.",
          ), extra=1),
        D("Data literacy sessions: next dates",
          "We run one-hour data literacy sessions for colleagues who are not analysts:\n\n"
          "- **Reading a chart without being fooled** (Tuesday 10:00 CET)\n"
          "- **Averages, medians and why it matters** (Tuesday the week after)\n"
          "- **Asking a good question to the data team** (first Thursday of the month)\n\n"
          "Sign up in the [learning portal](https://learning.example.com/data-literacy). "
          "@member, the finance team asked for the second one, see you there?",
          tags=("training", "data-literacy"),
          replies=(
              ("member", "Yes, four of us will join. Thank you!"),
              "Could you record them for the Pune and Atlanta time zones?",
          ), extra=3, author="facilitator"),
        Q("Machine learning for demand forecasting: where to start?",
          "Our planners forecast demand in Excel with a moving average. Management asks "
          "whether \"AI\" could do better. Where would you start, honestly?",
          tags=("machine-learning", "forecasting"),
          replies=(
              ("champion", "Start by measuring how good the moving average is, per product. "
                           "Then try a seasonal baseline. Only then try a model. Half the time "
                           "the seasonal baseline is the answer."),
              "And talk to the planners: they know about promotions and lost customers that "
              "are not in the data.",
          ), accepted=0, extra=1),
        Q("DAX: year-to-date that resets in April (fiscal year)",
          "Our fiscal year starts on 1 April. `TOTALYTD` resets in January. How do I get a "
          "fiscal YTD?",
          tags=("power-bi", "dax", "finance"),
          replies=(
              "`TOTALYTD` takes a year-end date as its third argument:\n\n"
              "```\n"
              "Sales FYTD = TOTALYTD(SUM(Sales[Amount]), 'Date'[Date], \"03-31\")\n"
              "```",
          ), accepted=0),
        Q("Best way to anonymise HR data for an analysis?",
          "We want to analyse attrition by site and tenure without exposing individuals. "
          "Beyond removing names, what should we do?",
          tags=("privacy", "hr-data")),
        D("Our data quality dashboard, one year on",
          "A year ago we started measuring five data quality rules on the customer master. "
          "Duplicates went from 7.2% to 1.1%. What made the difference was not the dashboard "
          "but the weekly 15-minute review with the data owners.",
          tags=("data-quality", "lessons-learnt"),
          replies=(
              "Same finding here: a dashboard nobody discusses changes nothing.",
              "Which five rules? Would love to compare with ours.",
          ), extra=3),
        Q("Excel keeps converting part numbers to dates",
          "Part number `3-12` becomes 12 March when I open the CSV. How do I stop this for "
          "good?",
          tags=("excel", "csv"),
          replies=(
              "Import with Data > From Text/CSV and set the column type to Text before "
              "loading. Double-clicking the CSV will always guess.",
          ), accepted=0, extra=2),
        Q("Is anyone using Python in Excel yet?",
          "Our licences apparently include it now. Has anyone tried it on real work? Good "
          "for anything beyond demos?",
          tags=("python", "excel"),
          replies=(
              "Tried it for a quick regression, worked well. Sharing the file with colleagues "
              "without the feature was the problem.",
          ), extra=1),
        D("Chart of the week: the sales seasonality that wasn't",
          "We thought sales dipped every August. Plotting by week instead of by month shows "
          "the dip is two weeks long and follows the plant shutdowns of three large "
          "customers. The monthly chart was hiding it.",
          tags=("visualisation", "chart-of-the-week"),
          replies=(
              "Love this series. More please!",
              "Granularity matters so much. Great example for the literacy session.",
          ), extra=5, author="champion"),
        Q("Gateway refresh fails every Monday morning",
          "Our on-premises gateway refresh fails every Monday around 6:00 with a timeout, "
          "then works when retried. Any ideas?",
          tags=("power-bi", "gateway"),
          replies=(
              "The database backups run on Sunday night at some sites and can overrun. Check "
              "with IT whether the source is being backed up at 6:00.",
              "Move the refresh to 7:30 for a week and see if it fails.",
          )),
        Q("Where do I find the official list of business units and cost centres?",
          "For a report I need the current mapping of cost centres to business units. "
          "Is there an official source I can connect to?",
          tags=("master-data", "finance"),
          replies=(
              ("facilitator", "The finance data mart has it, view `dim_cost_centre`. Ask "
                              "@{someone} for read access."),
          ), accepted=0, author="member"),
        D("Notebook review: a shared checklist",
          "A checklist we use before sharing a notebook:\n\n"
          "- [ ] Restarted and ran top to bottom\n"
          "- [ ] No passwords or tokens in cells\n"
          "- [ ] Input data path is a parameter\n"
          "- [ ] Each chart has a title that says what it shows\n"
          "- [ ] The conclusion is written, not only plotted",
          tags=("python", "good-practice"),
          extra=3),
        Q("How long should we keep raw exports?",
          "We keep every daily raw export forever \"just in case\". Storage is cheap but "
          "finding anything is not. What retention do you use?",
          tags=("data-governance",)),
    ],

    # -- New Joiners' Corner -------------------------------------------------------------
    "new-joiners": [
        D("Welcome! Start here",
          "Welcome to the New Joiners' Corner. A few things that help in the first weeks:\n\n"
          "1. Complete your **profile** with a photo and what you work on: people look you "
          "up before meetings.\n"
          "2. Join two or three **spaces** about your work, and one just for fun.\n"
          "3. Ask your questions here. There are no silly questions; there are questions "
          "twenty other people did not dare to ask.\n\n"
          "The [onboarding checklist](https://intranet.example.com/onboarding) lists the "
          "trainings you need in your first month.",
          tags=("welcome", "onboarding"),
          replies=(
              "Thank you, very helpful. Where do I find the list of all spaces?",
              ("leader", "In Spaces in the top menu. Filter by your business unit to start."),
              "Joined three spaces already, thank you!",
          ), extra=6, author="leader"),
        Q("How do I book a meeting room in another site?",
          "I am visiting the Lyon office next week and need a small room for a customer "
          "call. The booking tool only shows my site.",
          tags=("facilities", "travel"),
          replies=(
              "Change the site at the top left of the booking tool, it is easy to miss.",
          ), accepted=0, extra=1),
        Q("When do expense reports get paid?",
          "I submitted my first expense report ten days ago. How long does it usually "
          "take?",
          tags=("expenses",),
          replies=(
              "Twice a month, on the 15th and the last working day, once your manager "
              "approved it.",
              "Check in the tool that it is not waiting for your manager's approval, that is "
              "usually the hold-up.",
          ), accepted=0),
        Q("Is there a buddy programme?",
          "I joined the Chicago office last week. Is there a buddy programme, and how do I "
          "get a buddy?",
          tags=("onboarding", "buddy")),
        Q("VPN disconnects every hour when working from home",
          "My VPN drops every hour or so, and I lose my Teams calls. Is this known?",
          tags=("it", "remote-work"),
          replies=(
              "Update the VPN client from the software centre; the old version has that bug.",
              "Same here last month, the update fixed it.",
          ), accepted=0, extra=1),
        Q("Which trainings are mandatory in the first month?",
          "I see many trainings in the learning portal. Which ones are really mandatory "
          "for everyone?",
          tags=("training", "onboarding"),
          replies=(
              "Code of conduct, information security, and health & safety for your site. "
              "Everything else depends on your role.",
          ), extra=2),
        D("What I wish I had known in my first month",
          "Six months in, a few things I wish someone had told me:\n\n"
          "- Nobody reads long emails. Post in a space and link to it.\n"
          "- The org chart in the people directory is more up to date than the slides.\n"
          "- It is fine to decline meetings without an agenda.\n"
          "- Lunch with people from other teams is the fastest way to learn how things work.",
          tags=("tips", "onboarding"),
          replies=(
              "The lunch one is so true.",
              "Adding: ask for the acronyms list. We have hundreds.",
              "Is there an acronyms list?",
              "There is one in the library of this space, and @{someone} keeps it current.",
          ), extra=5),
        Q("Parking at the Atlanta site: do I need a badge?",
          "Starting at the Atlanta site on Monday. Do I need a parking badge the first day?",
          tags=("facilities", "atlanta")),
        Q("How do I change my display name?",
          "My display name shows my full legal name, but everyone calls me Sam. Can I "
          "change it?",
          tags=("profile",),
          replies=(
              "Yes, in your profile, Edit profile, Display name.",
          ), accepted=0),
        D("Monthly new joiners' coffee (virtual)",
          "Every first Wednesday at 9:00 CET and 16:00 CET (two slots for the time zones), "
          "30 minutes, no agenda, cameras welcome. The invitation is in the shared "
          "calendar.",
          tags=("events", "networking"),
          replies=(
              "Is it okay to join if I started three months ago?",
              ("leader", "Of course, it is for anyone still feeling new."),
          ), extra=4, author="leader"),
        Q("Where is the holiday calendar for India?",
          "I joined the Bengaluru team. Where can I find the list of public holidays the "
          "company observes?",
          tags=("holidays", "india"),
          replies=(
              "HR portal, under Time off, pick your country.",
          ), extra=1),
        Q("Is there a style guide for slides?",
          "I have to present to the unit next week. Is there an official template and "
          "style guide?",
          tags=("presentations", "brand")),
        Q("Which laptop bag does IT give?",
          "Silly question maybe: does IT provide a laptop bag, or should I buy one?",
          tags=("it",),
          replies=(
              "Ask at the IT desk, they usually have some. Not listed anywhere, though.",
          )),
    ],

    # -- Sustainability Champions ---------------------------------------------------------
    "sustainability-champions": [
        D("Sustainability Week: programme draft",
          "Draft programme for Sustainability Week, comments welcome until Friday:\n\n"
          "| Day | Activity | Sites |\n"
          "|---|---|---|\n"
          "| Monday | Energy walk: find what runs for nothing at night | all |\n"
          "| Tuesday | Repair café for small electronics | Lyon, Munich |\n"
          "| Wednesday | Talk: our scope 3 emissions, explained | online |\n"
          "| Thursday | Bike-to-work day | all |\n"
          "| Friday | Results and prizes | online |",
          tags=("sustainability-week", "events"),
          replies=(
              "Pune would like to join the repair café. Can we add it?",
              ("unitlead", "Yes, added Pune. Who would coordinate it on site?"),
              "I can, with two colleagues from maintenance.",
          ), extra=4, author="unitlead"),
        Q("Compressed air leaks: how do you find them?",
          "Our compressors run at night even though production stops. We suspect leaks. "
          "What's the simplest way to find them without an expensive ultrasonic detector?",
          tags=("energy", "compressed-air"),
          replies=(
              "Walk the lines on a quiet Sunday, you can hear most of them. Tag each one.",
              "Some suppliers lend ultrasonic detectors for free for a day. Ours found 38 "
              "leaks in one morning.",
          ), accepted=1, extra=2),
        D("Lights-off campaign: results after three months",
          "Site Munich, office building only: motion sensors in meeting rooms and a "
          "last-person-out sticker. Electricity for lighting down by 22%. Cost paid back "
          "in 14 months.",
          tags=("energy", "results"),
          replies=(
              "Which sensors did you use? The ones we tried switched off during long "
              "meetings.",
              "The ones with a 20-minute delay. The default 5 minutes made people wave their "
              "arms every meeting.",
          ), extra=3),
        Q("Business travel: how are you reducing flights?",
          "Our unit target is -20% flight emissions this year. What worked for you besides "
          "\"travel less\"?",
          tags=("travel", "targets"),
          replies=(
              "Train for anything under 5 hours, it became the policy in our unit.",
              "We combined three customer visits into one trip instead of three.",
          ), extra=2),
        Q("Recycling of used gloves?",
          "We throw away thousands of nitrile gloves a month. Has any site found a "
          "recycling programme that works?",
          tags=("waste", "recycling")),
        D("Site energy targets for next year",
          "The targets per site are in the library. Each champion will get the monthly meter "
          "data from facilities from January. @champion, could you help us build a simple "
          "dashboard for it?",
          tags=("targets", "energy"),
          replies=(
              ("champion", "Sure. Send me the first export and I'll draft something in Power "
                           "BI."),
          ), extra=1, author="unitlead"),
        Q("Can we put solar panels on a rented building?",
          "Our Lyon warehouse is rented. Has anyone installed solar on a rented building, "
          "and how did the lease discussion go?",
          tags=("energy", "solar"),
          replies=(
              "We did in Atlanta. The owner agreed once we offered to leave the panels at the "
              "end of the lease.",
          )),
        Q("Canteen food waste: what do you measure?",
          "We want to start measuring food waste in the canteen. Weight per tray, per day, "
          "something else?",
          tags=("waste", "canteen"),
          replies=(
              "Weight per day plus number of meals served. Per tray is too much effort.",
          ), accepted=0, extra=1),
        D("Sustainability champions onboarding pack",
          "New champions: the onboarding pack is in the library. It has the site checklist, "
          "the reporting calendar, and the contact of each unit's sustainability lead.",
          tags=("onboarding",), extra=2),
        Q("Who validates our carbon calculation for the report?",
          "Before the annual report, who checks the site numbers: corporate or an external "
          "auditor?",
          tags=("reporting", "carbon")),
        Q("Bike parking: how many spaces per employee?",
          "We are redesigning the Lyon car park. Is there a rule of thumb for bike "
          "spaces?",
          tags=("mobility", "lyon"),
          replies=(
              "We started with one per 10 employees and are at one per 6 after a year.",
          ), extra=1),
    ],

    # -- Customer Voice ------------------------------------------------------------------
    "customer-voice": [
        D("Customer satisfaction survey: Q3 highlights",
          "The Q3 survey closed with 1,240 answers. The highlights:\n\n"
          "| Topic | Score (0-10) | vs Q2 |\n"
          "|---|---:|---:|\n"
          "| Product quality | 8.1 | +0.2 |\n"
          "| Delivery on time | 6.4 | -0.7 |\n"
          "| Ease of ordering | 7.2 | +0.1 |\n"
          "| Support responsiveness | 6.9 | +0.4 |\n\n"
          "Delivery is the one to watch. The comments mention the carrier change in "
          "August.",
          tags=("survey", "nps"),
          replies=(
              "The carrier change hit Germany hardest, we had three escalations.",
              "Could we get the comments by region? It would help the sales teams prepare "
              "their visits.",
              "Region split is in the full report in the library.",
          ), extra=5),
        Q("How do we close the loop with a customer who gave a low score?",
          "When a customer gives us 3/10 with an angry comment, who calls them back, and "
          "within how long? We have no rule today.",
          tags=("survey", "process"),
          replies=(
              "In our region the account manager calls within 48 hours. Just listening "
              "changes the relationship.",
              "Agree, and log what was said in the CRM so the next survey is read in context.",
          ), accepted=0, extra=2, author="member"),
        D("A complaint that taught us something",
          "A customer complained that our invoices were impossible to match with their "
          "orders. Turned out our invoice showed our order number but not theirs. A field "
          "change in the ERP fixed it for every customer.\n\nSmall things matter.",
          tags=("complaints", "invoicing"),
          replies=(
              "Love this. How many customers benefited?",
              "About 400 accounts that use purchase order numbers.",
          ), extra=4),
        Q("Which tool do we use for customer interviews?",
          "I want to record customer interviews (with consent) and share clips with the "
          "product team. Which tool is approved?",
          tags=("interviews", "tools"),
          replies=(
              "The meeting tool recording is approved; store clips in the team's document "
              "library, not on your laptop.",
          )),
        Q("Ideas to get more survey answers from small customers?",
          "Our small customers rarely answer the survey. Shorter survey? Incentive? "
          "Different channel?",
          tags=("survey",),
          replies=(
              "Two questions by SMS after delivery got us 3x the answers.",
              "Ask at the end of a support call, while they still have the phone in hand.",
          ), extra=1),
        D("Voice of the customer session: recording",
          "The recording of last Thursday's session with three customers from the "
          "hospitality sector is in the library. Best quote: \"Your product is great, your "
          "portal is a maze.\"",
          tags=("voc", "events"), extra=3),
        Q("Response time target for support tickets?",
          "What response time do we promise customers for support tickets? I see 24h in "
          "one document and 48h in another.",
          tags=("support", "sla"),
          replies=(
              "24 hours for key accounts, 48 for everyone else. The contract template has "
              "both.",
          ), accepted=0),
        Q("Customers asking for our carbon footprint per product",
          "Three customers asked this month for the carbon footprint of the products they "
          "buy. Do we have that data? Who owns it?",
          tags=("sustainability", "requests"),
          replies=(
              "The sustainability champions are working on it, ask in their space. "
              "@champion knows the status.",
          )),
        D("Customer journey map: onboarding of a new account",
          "We mapped the first 90 days of a new customer. Twelve hand-offs between four "
          "teams, and the customer has to re-enter their address three times. Next step: "
          "pick the two worst moments and fix them.",
          tags=("customer-journey", "onboarding"),
          replies=(
              "The address thing is embarrassing. Happy to help, I own the portal forms.",
          ), extra=2),
        Q("Translating survey comments",
          "Half our comments are in German, French or Hindi. Any approved way to translate "
          "them in bulk?",
          tags=("survey", "translation")),
        Q("What do customers mean by \"proactive\"?",
          "\"More proactive communication\" comes up in every survey. Has anyone asked "
          "customers what they actually mean?",
          tags=("survey", "communication"),
          replies=(
              "We did: mostly \"tell me about a delay before I discover it\".",
              "And a named contact rather than a generic inbox.",
          ), extra=2),
        D("Net Promoter Score is not a goal",
          "A reminder from a painful experience: once NPS became a bonus target in one "
          "region, some people started asking customers for a 9 or 10. The score went up, "
          "the customers did not get happier. Let's use it to listen, not to judge.",
          tags=("nps", "opinion"),
          replies=(
              "Strongly agree. The comments are worth more than the number.",
              "Maybe a target on closing the loop instead of the score?",
          ), extra=4),
        Q("Where to report a recurring product issue?",
          "I keep hearing about the same hinge breaking on one product. Where do I "
          "report it so it reaches the product team, not only the support queue?",
          tags=("quality", "product")),
    ],

    # -- Remote & Hybrid Work -------------------------------------------------------------
    "remote-and-hybrid-work": [
        D("Our team charter for hybrid work",
          "We wrote a one-page charter for our team of twelve. The core of it:\n\n"
          "- Tuesday and Thursday are office days for everyone.\n"
          "- Meetings with anyone remote are run as fully remote: everyone on their own "
          "laptop.\n"
          "- Decisions are written in the team space, not only said in a call.\n"
          "- Core hours 10:00-15:00 CET; outside of them, no expectation of an answer.\n\n"
          "Happy to share the template.",
          tags=("team-charter", "hybrid"),
          replies=(
              ("director", "This is a great example. Could we add it to the collaboration "
                           "playbook?"),
              "The \"everyone on their own laptop\" rule was the hardest for us, and the most "
              "useful.",
              "Please share the template!",
              "It is in the library now, under Team charters.",
          ), extra=6),
        Q("Meetings across three time zones: what works?",
          "My team is in Lyon, Atlanta and Bengaluru. There is no good time. How do you "
          "handle recurring meetings?",
          tags=("time-zones", "meetings"),
          replies=(
              "Rotate the slot every month so the pain is shared.",
              "Fewer meetings, more written updates. We kept one live meeting a week.",
              ("facilitator", "Record the meeting and collect questions in a thread the day "
                              "before, so the people who cannot attend still take part."),
          ), accepted=1, extra=3, author="member"),
        Q("Ergonomic chair for home: does the company pay?",
          "Is there a budget for home-office equipment, and how do I request it?",
          tags=("home-office", "equipment"),
          replies=(
              "Depends on the country. In France there is a one-off allowance, request it "
              "in the HR portal.",
              "In the US it goes through the facilities ticket, with a doctor's note for "
              "anything special.",
          ), extra=2),
        D("Camera on or off? Let's talk about it",
          "Some teams require cameras on, others leave it free. I find cameras help in small "
          "meetings and tire me in big ones. What's your team's rule, and why?",
          tags=("meetings", "video"),
          replies=(
              "On for the first five minutes, then free. Works for us.",
              "Off for all-hands, on for one-to-ones.",
              "No rule. We trust people.",
              "On when presenting, so people can read your face.",
          ), extra=7),
        Q("How do you onboard someone fully remotely?",
          "A new colleague starts next month and the team is spread over four sites. She "
          "will meet us in person only after two months. How do you make her first weeks "
          "good?",
          tags=("onboarding", "remote-work"),
          replies=(
              "A buddy with a daily 15-minute call for the first two weeks.",
              "A list of 10 people to meet in the first month, with why each matters.",
              "Send the laptop early, so day one is not spent on IT.",
          ), accepted=1, extra=2),
        D("Focus time: we block Wednesday mornings",
          "No meetings on Wednesday mornings in our department, since March. Six months "
          "later, people say it is the best change of the year. The trick: leaders must not "
          "make exceptions.",
          tags=("focus", "meetings"),
          replies=(
              "We tried and it lasted three weeks. Any tips to make it stick?",
              "Put it in everyone's calendar as a recurring busy block. And the director "
              "has to defend it.",
          ), extra=5),
        Q("Noise-cancelling headset recommendation?",
          "Which headset do you use in open spaces? The standard one lets everyone hear my "
          "neighbours.",
          tags=("equipment",),
          replies=(
              "The catalogue has two noise-cancelling models now, the over-ear one is much "
              "better.",
          ), accepted=0, extra=1),
        Q("Working from another country for two weeks?",
          "Can I work from Portugal for two weeks next summer, around my holidays? Who "
          "approves it?",
          tags=("policy", "travel"),
          replies=(
              "There is a policy: up to 20 days a year in some countries, with HR approval "
              "for tax reasons. Request at least a month before.",
          ), accepted=0, extra=2),
        D("Hybrid meeting room test: results",
          "We tested the new hybrid meeting room set-up in Lyon: wide camera, ceiling "
          "microphones, two screens. Remote participants' rating: 8/10 vs 4/10 in the old "
          "rooms. Rolling out to four more rooms in spring.",
          tags=("meeting-rooms", "lyon"),
          replies=(
              "Can Munich be next? Our big room is the worst.",
          ), extra=3),
        Q("How do you keep informal chats going in a hybrid team?",
          "We miss the coffee-machine conversations. Virtual coffees felt forced. What "
          "works for you?",
          tags=("team-culture",),
          replies=(
              "A random pairing every two weeks, 20 minutes, opt-in.",
              "A team channel for non-work stuff: pets, food, weekend photos.",
          ), extra=4),
        Q("Asynchronous stand-up: any good format?",
          "We want to replace our daily stand-up with a written update. Which questions "
          "do you use?",
          tags=("async", "meetings"),
          replies=(
              "Done, next, blocked. Three lines, before 10:00 local time.",
          ), accepted=0, extra=1),
        D("Writing better meeting invitations",
          "Three lines that make any invitation better:\n\n"
          "1. **Why** we meet (the decision or the outcome).\n"
          "2. **What** to read or prepare before.\n"
          "3. **Who** decides, if there is a decision.\n\n"
          "If you cannot write the first line, maybe it is an email.",
          tags=("meetings", "tips"),
          replies=(
              "Printing this and putting it next to every meeting room screen.",
              "The third one is the one we always forget.",
          ), extra=6, author="director"),
        Q("Does anyone use a shared team calendar for office days?",
          "We want to see who will be in the office on which day. Outlook shared calendar, "
          "a spreadsheet, something else?",
          tags=("hybrid", "tools")),
        Q("Right to disconnect: how do you handle late messages from other time zones?",
          "I get messages at 22:00 from colleagues in the US. I feel I should answer. What "
          "do you do?",
          tags=("wellbeing", "time-zones"),
          replies=(
              "Notifications off after 19:00. If it is urgent, they call.",
              "Schedule send. I write when I want and it arrives in their working hours.",
          ), extra=3),
        D("Remote work and career growth",
          "An honest question for managers: do people who work mostly remotely get "
          "promoted as often? What do you do to make sure visibility does not depend on "
          "being in the room?",
          tags=("career", "fairness"),
          replies=(
              ("director", "We look at this in the talent reviews now. Written work and "
                           "contributions in spaces count, and they are visible to everyone."),
              "Rotate who presents to senior management.",
          ), extra=4),
        Q("Second screen at home: can I take one from the office?",
          "There are unused screens in our office storage. Can I take one home, or do I "
          "have to ask somewhere?",
          tags=("equipment", "home-office"),
          replies=(
              "Ask the IT desk so it is registered to you; they will say yes most of the "
              "time.",
          )),
        Q("Tips for a better home-office set-up on a small budget?",
          "Small flat, no room for a desk. How do you make it work?",
          tags=("home-office",),
          replies=(
              "A laptop stand, an external keyboard and a good chair. In that order.",
          ), extra=2),
        D("Hybrid work survey: what you told us",
          "Thank you to the 2,300 colleagues who answered the hybrid work survey. In "
          "short: 78% want to keep two or three office days, the biggest frustration is "
          "badly run hybrid meetings, and the biggest wish is clearer team agreements.",
          tags=("survey", "hybrid"),
          replies=(
              "Clear team agreements: see the team charter thread above, it works.",
          ), extra=6, author="director"),
        Q("Which collaboration tool for whiteboarding?",
          "We need a digital whiteboard for workshops with remote people. Which one is "
          "approved?",
          tags=("tools", "workshops"),
          replies=(
              "The one built into the meeting tool is approved and enough for most "
              "workshops.",
          ), accepted=0, extra=1),
        Q("Time-zone friendly deadlines: do you use UTC?",
          "\"Friday end of day\" means three different times in my team. Do you state "
          "deadlines in UTC?",
          tags=("time-zones",)),
    ],

    # -- Community Managers' Network ------------------------------------------------------
    "community-managers": [
        D("The eight steps of a community's life, as a checklist",
          "I turned the lifecycle we use into a checklist for new community managers: "
          "**prepare, design, implement, develop, animate, monitor, wrap up, analyse**.\n\n"
          "The two steps people skip most are the first and the last: no first meeting to "
          "co-create the rules and identify champions, and no lessons learnt when a "
          "community closes. The checklist is in the library; comments welcome.",
          tags=("playbook", "lifecycle"),
          replies=(
              ("facilitator", "Thanks! I would add to \"develop\": send a digest that links "
                              "straight to the conversations, people do click on those."),
              "And to \"wrap up\": reward the most active participants before archiving.",
              ("director", "Let's use this for the community managers' onboarding from next "
                           "month."),
          ), extra=2, author="leader"),
        Q("How do you handle questions that stay unanswered?",
          "In my community, about one question in five gets no answer within three days. "
          "What do you do: notify experts, answer yourself, something else?",
          tags=("unanswered", "animation"),
          replies=(
              "I look at the unanswered list every morning and ping one expert per question, "
              "by name. It works better than a general call for help.",
              "I answer myself only as the last resort, otherwise the community learns to "
              "wait for me.",
              ("leader", "Both. And every month I thank the people who answered the most, "
                         "publicly."),
          ), accepted=0, extra=1, author="facilitator"),
        D("Monthly community health review: what I look at",
          "Each month I look at five numbers per community, and compare with the average "
          "of the other spaces:\n\n"
          "| Measure | Why |\n"
          "|---|---|\n"
          "| New members | is it growing? |\n"
          "| People who posted | is it alive? |\n"
          "| Unanswered questions | is it helpful? |\n"
          "| Time to first reply | is it responsive? |\n"
          "| Replies by non-leaders | does it need me? |\n\n"
          "The last one is my favourite: a healthy community should not need its manager.",
          tags=("metrics", "health"),
          replies=(
              "Great list. I would add returning visitors, if we can get it.",
              "Do you share these with the members or only with the sponsor?",
              "Both. Members like to see the community doing well.",
          ), extra=3),
        Q("Approving access to a restricted space: what do you check?",
          "When someone asks to join my restricted space, I approve almost everyone. Should "
          "I check something? How fast do you answer?",
          tags=("access-requests", "moderation"),
          replies=(
              "Within a day. A request that waits a week is a person who will not come back.",
              "I check only that they are in a team that works with us. If in doubt, I ask "
              "them in a message.",
          ), accepted=0, extra=1),
        D("Starting a key users group in each unit",
          "We are starting a key users group: exemplary users, plus people who are key to "
          "spreading knowledge (team assistants, trainers). First session next month: show "
          "them the figures of their effect, and give them early access to new features.\n\n"
          "@director, could you ask each unit lead to name three people?",
          tags=("key-users", "champions"), extra=2, author="leader"),
        Q("Dealing with a member who dominates every thread",
          "One very active member answers every question first, often at length, and "
          "others stopped answering. How do I handle it without discouraging them?",
          tags=("moderation", "troublemakers"),
          replies=(
              "Talk to them privately, thank them, and ask them to leave the first answer to "
              "others for a day. Make them a mentor rather than the answer machine.",
              "Give them a role: facilitator of a sub-topic. It channels the energy.",
          ), extra=1),
        D("Offline activities that help the online community",
          "Things I do offline that clearly help activity online:\n\n"
          "- Visit team meetings for ten minutes to show the space.\n"
          "- Help a group host set up their space and invite their first members.\n"
          "- A recent, recognisable profile photo: people trust a face.\n\n"
          "What do you do?",
          tags=("offline", "adoption"),
          replies=(
              "A stand in the canteen during launch week. Low-tech, many new members.",
              "Helping hosts set up is the one that pays off the most for me.",
          ), extra=3),
        Q("Killing communities that miss their engagement targets?",
          "I read about a company that closes any community that misses its engagement "
          "metrics. Do we want that? Some of our quiet communities are very valuable to a "
          "few people.",
          tags=("metrics", "governance"),
          replies=(
              ("director", "I would rather archive than kill, and only after talking to the "
                           "leader. Quiet and useful is fine; abandoned is not."),
              "A vibrant community is one that would survive an attempt to kill it.",
          ), extra=2),
        Q("Gamification: badges or not?",
          "The pilot group asks for badges and points. My experience is mixed. Yours?",
          tags=("gamification", "engagement")),
        D("Newsletter to facilitators: October issue",
          "The October newsletter for facilitators: new unanswered-questions list, how to "
          "run a quick poll, and three success stories. Please share it with your "
          "co-facilitators.",
          tags=("newsletter", "facilitators"), extra=2, author="leader"),
        Q("What do you report to executive sponsors?",
          "My sponsor asks for a quarterly report. I don't want to send page views. What "
          "do you report that a sponsor cares about?",
          tags=("sponsors", "reporting"),
          replies=(
              "Two success stories with a business outcome, and one number that shows "
              "reach. That's it.",
              "Time saved: questions answered that would otherwise have been emails to "
              "experts.",
          ), accepted=0),
        Q("How many communities can one manager look after?",
          "I now have five communities. It feels like too many. Is there a rule of thumb?",
          tags=("workload",)),
    ],

    # -- Finance Business Partners --------------------------------------------------------
    "finance-business-partners": [
        D("Closing calendar: day +3 is our new target",
          "From January we close on day +3 instead of +5. Proposed calendar:\n\n"
          "| Day | Step |\n"
          "|---|---|\n"
          "| -2 | Accrual reminders to the business |\n"
          "| +1 | Intercompany cut-off, sub-ledgers closed |\n"
          "| +2 | Reconciliations and accruals posted |\n"
          "| +3 | Review and reporting pack |\n\n"
          "Comments before the 15th please.",
          tags=("closing", "calendar"),
          replies=(
              "Intercompany on day +1 is tight for India with the time difference.",
              "Could we send the accrual reminder on day -3 instead? The business needs time.",
          ), extra=2, author="facilitator"),
        Q("How do you explain a forecast variance to non-finance managers?",
          "My plant manager tunes out when I show variance tables. How do you present it?",
          tags=("business-partnering", "storytelling"),
          replies=(
              "One chart, three bars: plan, actual, and the two biggest reasons in plain "
              "words. The table goes in the appendix.",
              "Start with the decision you need from them, then the numbers.",
          ), accepted=0, extra=1),
        Q("Rolling forecast: 12 or 18 months?",
          "We're moving to a rolling forecast. 12 months or 18? What did you choose and "
          "why?",
          tags=("forecasting",),
          replies=(
              "18, so that in autumn we already see the whole next year.",
          )),
        D("IFRS 16 leases: reminder for the year-end",
          "Reminder: new and modified leases must be in the lease tool before 30 November "
          "to be in the year-end numbers. Vehicle leases are the ones most often forgotten.",
          tags=("ifrs", "year-end"), extra=2),
        Q("Allocation keys for IT costs: what do you use?",
          "We allocate IT costs by headcount and the business units complain. What keys do "
          "you use?",
          tags=("allocations", "it-costs"),
          replies=(
              "Users for licences, tickets for support, headcount for the rest. A bit more "
              "work, far fewer complaints.",
          ), accepted=0),
        Q("Excel model review: anyone willing to look at mine?",
          "I built a capex model for the new line in Pune. Would someone review the logic "
          "before it goes to the investment committee?",
          tags=("capex", "review"),
          replies=(
              "Happy to. Send it by Thursday.",
          )),
        D("Business partnering: what I learned in my first year",
          "Moving from controlling to business partnering: the numbers were the easy part. "
          "Going to the shop floor, attending the operations meetings, and asking \"what "
          "would help you decide?\" made the difference.",
          tags=("business-partnering", "career"),
          replies=(
              "Going to the shop floor, yes! They started inviting me to their meetings "
              "after that.",
          ), extra=2),
        Q("Standard cost update: mid-year or only annual?",
          "Raw material prices moved a lot. Do any of you update standard costs mid-year?",
          tags=("standard-costs",)),
        Q("Travel expenses: how do you challenge without policing?",
          "Travel costs are 30% over budget in one team. How do you raise it without "
          "sounding like the police?",
          tags=("cost-control", "business-partnering"),
          replies=(
              "Show the trend and ask what is driving it. Often there is a good reason, and "
              "then you adjust the forecast, not the people.",
          ), extra=1),
    ],

    # -- Pune Site Network ---------------------------------------------------------------
    "pune-site": [
        D("Car-pooling from Kharadi and Viman Nagar",
          "Several of us drive from Kharadi and Viman Nagar. Would anyone like to car-pool? "
          "Reply with your area and your usual start time, and we'll group people.",
          tags=("car-pooling", "commute"),
          replies=(
              "Viman Nagar, usually 8:30. Interested!",
              "Kharadi, 9:00. Count me in.",
              "I made a small sheet with the groups, it is in the library.",
          ), extra=4),
        D("Canteen committee: menu feedback for next month",
          "The canteen committee meets on the 10th. Please share feedback on the menu: what "
          "you would like more of, less of, and any dietary needs not covered today.",
          tags=("canteen",),
          replies=(
              "More millet dishes please.",
              "A better Jain option on Fridays would be great.",
              "The salad counter is excellent, keep it!",
          ), extra=3),
        Q("Visitor badges for customer visits?",
          "A customer from Germany visits next Tuesday. How do I get visitor badges and "
          "parking for them?",
          tags=("visitors", "security"),
          replies=(
              "Request at least two working days before, through the reception portal. "
              "They arrange parking too.",
          ), accepted=0),
        D("Diwali celebration on site",
          "The Diwali celebration is on the Thursday before the holiday, from 16:00 in the "
          "atrium: rangoli competition, sweets, and music. Teams can register for the "
          "rangoli until Monday.",
          tags=("events", "diwali"),
          replies=(
              "Our team is in for the rangoli!",
              "Can families attend?",
              "Yes, families are welcome after 17:00.",
          ), extra=5),
        Q("Is the shuttle from Hadapsar running during the monsoon works?",
          "The road works on the Hadapsar side are making the shuttle late. Is there a "
          "change of route?",
          tags=("commute", "shuttle")),
        D("Blood donation camp: thank you",
          "Thank you to the 86 colleagues who donated at last week's blood donation camp. "
          "The hospital sent us a certificate, it is up at reception.",
          tags=("csr",), extra=3),
        Q("Where can I print in A3 on site?",
          "Need to print a few A3 posters for a training. Which printer does A3?",
          tags=("facilities",),
          replies=(
              "Second floor near the meeting room Sahyadri.",
          ), accepted=0),
        Q("Gym membership discount still valid?",
          "Is the corporate discount at the gym near the site still valid this year?",
          tags=("wellbeing",)),
        D("Welcome to the new colleagues of the quality lab",
          "Five new colleagues joined the quality lab this month. Say hello when you pass "
          "by the second floor!",
          tags=("welcome",), extra=2),
    ],

    # -- Digital Workplace Pilot ---------------------------------------------------------
    "digital-workplace-pilot": [
        D("Pilot kick-off: what we test and how to give feedback",
          "Welcome to the pilot! For the next eight weeks we test the new digital "
          "workplace in three teams. How to give feedback:\n\n"
          "1. Post a **question** here when something confuses you.\n"
          "2. Post a **discussion** with the `bug` tag when something is broken, with a "
          "screenshot.\n"
          "3. Join the fortnightly feedback call.\n\n"
          "@champion and @admin will collect everything for the vendor.",
          tags=("pilot", "feedback"),
          replies=(
              ("admin", "Thanks all. I'll post a weekly summary of what we sent to the "
                        "vendor."),
              "When is the first feedback call?",
              ("leader", "Next Tuesday at 14:00 CET, the invitation is out."),
          ), extra=2, author="leader"),
        Q("Notifications: how do I stop emails for every reply?",
          "I get an email for every reply in conversations I follow. Can I keep the bell "
          "but stop the emails?",
          tags=("notifications", "settings"),
          replies=(
              ("champion", "Set the conversation to \"Normal\" instead of \"Watching\": "
                           "you see it in the feed and the digest, but get no email per "
                           "reply."),
          ), accepted=0, extra=1),
        D("Bug: profile photo upload fails with large images",
          "Uploading a 12 MB photo from my phone fails with no message. Smaller photos "
          "work. Tested in two browsers.",
          tags=("bug", "profile"),
          replies=(
              ("admin", "Confirmed, the limit is 5 MB and the error message is missing. "
                        "Reported."),
          ), extra=1),
        Q("Can we @mention a whole team?",
          "In the old tool we could mention a group. Is there something similar here?",
          tags=("mentions", "feature-request")),
        D("Training material draft: the first hour",
          "Draft of the one-hour training for the roll-out: profile, spaces, following, "
          "asking a question. Please try it with one colleague who is not in the pilot and "
          "tell us what was unclear.",
          tags=("training", "roll-out"),
          replies=(
              "Tried with my neighbour: she found everything except how to follow a space.",
              "Same, the follow button is not obvious.",
          ), extra=1, author="champion"),
        Q("Mobile app or browser on the phone?",
          "Will there be a mobile app, or is the browser the way?",
          tags=("mobile",),
          replies=(
              ("admin", "Browser for now; it works well on phones. An app is on the vendor's "
                        "roadmap for next year."),
          ), accepted=0),
        Q("Search does not find attachments' content",
          "Searching for a word that is inside a PDF in the library gives no result. "
          "Expected?",
          tags=("search", "bug")),
        D("Week 3 summary of feedback",
          "Week 3: 14 items sent to the vendor, 5 fixed, 2 won't fix (by design), the rest "
          "planned. The full list is in the library. Top request: mentions of a group.",
          tags=("pilot", "summary"), extra=2, author="admin"),
        Q("Can a space have two leaders?",
          "In our pilot team we share the leader role. Is that possible?",
          tags=("spaces", "roles"),
          replies=(
              "Yes, any number of leaders; add the second one from the members page.",
          ), accepted=0),
    ],

    # -- Executive Sponsors' Circle -------------------------------------------------------
    "executive-sponsors": [
        D("Quarterly community report: Q3",
          "The Q3 report is in the library. Highlights: 41 active communities, median time "
          "to first reply down to 5 hours, and three success stories with measurable "
          "outcomes (changeover time in Atlanta, invoice matching, faster onboarding in "
          "finance).",
          tags=("report", "quarterly"),
          replies=(
              "Good progress. What do we need from the sponsors to keep it going?",
              ("director", "Time for the community leaders: half a day a week, officially."),
          ), extra=1, author="director"),
        D("Business case: community managers in every unit",
          "Proposal: one business collaboration leader per business unit, part time, with "
          "a small budget for events. The business case is attached in the library; the "
          "cost is about 0.2% of the units' training budget.",
          tags=("business-case", "roles"),
          replies=(
              "Supportive. Let's start with three units and review after six months.",
              ("leader", "The community managers' network can support the first three "
                         "units with playbooks and coaching."),
          ), extra=1, author="director"),
        Q("Should we close inactive communities?",
          "About 15 communities had no activity for six months. Close, archive, or leave "
          "them?",
          tags=("governance",),
          replies=(
              ("director", "Archive after asking the leader. Content stays searchable."),
          ), accepted=0),
        D("Decision: recognition programme for community leaders",
          "Decided at the last meeting: community leaders' contributions are part of the "
          "annual review from next year. HR will update the guidelines.",
          tags=("decision", "recognition"), extra=1, author="director"),
        Q("What do other companies spend on this?",
          "Do we have benchmarks of what comparable companies invest in internal "
          "communities?",
          tags=("benchmark",),
          replies=(
              ("director", "One firm of 60,000 people has about 500 community managers, "
                           "mostly part time. We are far below."),
          )),
        D("Agenda for the next sponsors' meeting",
          "1. Q3 report\n2. Business case for collaboration leaders\n3. Recognition "
          "programme\n4. Any other business",
          tags=("agenda",), author="director"),
        Q("Can we get usage numbers by unit?",
          "For my unit review, can we get the number of active members and posts by unit?",
          tags=("metrics",)),
        D("Thank you to the community leaders",
          "A personal thank you to the community leaders who presented at the town hall. "
          "Several colleagues told me afterwards they joined a community that week.",
          tags=("recognition",), extra=1),
    ],

    # -- Project Aurora ---------------------------------------------------------------------
    "project-aurora": [
        D("Launch timeline v3",
          "Updated timeline:\n\n"
          "- **Week 2**: final pricing approved\n"
          "- **Week 4**: sales training (all regions)\n"
          "- **Week 6**: press and customer announcement\n"
          "- **Week 7**: first deliveries\n\n"
          "Dependencies and owners are in the plan in the library.",
          tags=("timeline", "launch"),
          replies=(
              "Sales training in week 4 is tight for India; can we run it in week 3 there?",
              "Yes, moved India to week 3.",
          ), extra=2),
        Q("Pricing for the premium variant: +15% or +20%?",
          "The customer interviews suggest +20% is acceptable for the premium variant in "
          "Europe, less so in the US. Do we price by region?",
          tags=("pricing",),
          replies=(
              "Regional pricing, but keep the gap small to avoid grey imports.",
              "+18% in Europe, +15% in the US, review after one quarter.",
          ), accepted=1, extra=1),
        D("Launch material: first drafts",
          "First drafts of the brochure, the product sheet and the sales deck are in the "
          "library. Comments by Thursday please.",
          tags=("material",),
          replies=(
              "The product sheet still has the old weight.",
              "Thanks, fixed.",
          ), extra=1),
        Q("Who answers press questions before the announcement?",
          "A journalist called our Munich office asking about \"a new range\". Who answers?",
          tags=("press", "communication"),
          replies=(
              "Nobody but corporate communications. Send them the contact, say nothing else.",
          ), accepted=0),
        D("Supplier capacity risk",
          "Our main supplier for the control unit confirmed 70% of the volume for the first "
          "two months. Second supplier qualification is in progress.",
          tags=("supply", "risk"), extra=2),
        Q("Name of the premium variant: final?",
          "Is \"Aurora Pro\" final? Legal had a question about the trademark in two "
          "countries.",
          tags=("naming", "legal")),
        D("Customer pilot feedback",
          "Three pilot customers have used the product for four weeks. The main feedback: "
          "installation takes too long, and they love the energy report.",
          tags=("pilot", "feedback"),
          replies=(
              "Installation video for the installers? We can make it in a week.",
          ), extra=1),
        Q("Launch event: on site or online?",
          "For the customer launch, one event in Munich, or online with regional "
          "sessions?",
          tags=("events",),
          replies=(
              "Online with regional sessions; the budget is better spent on the sales "
              "training.",
          )),
    ],
}
# fmt: on

# The last hours of the demo, played through the services (hearth.conversations.services)
# at the end of the seed, so that the sign-ins find real notifications: mentions,
# replies to what they wrote, an accepted answer, likes. Each step is
# (minutes ago, action, …):
#   ("post", space, author, kind, title, body, tags)
#   ("reply", title, author, body)
#   ("accept", title, actor, author of the reply to accept)
#   ("like", title, who)  the conversation itself
#   ("like_reply", title, who, author of the reply)
# A step already done (the same title, reply or like exists) is not done again.
_POWER_BI = "Power BI: the same measure gives different totals on two pages"
_KAIZEN = "Kaizen month in March: which sites want to host an event?"
_UNANSWERED = "Unanswered questions older than three days: shall we share one list?"
_TIME_ZONES = "Meetings across three time zones: what works?"

LIVE_STEPS: list[tuple] = [
    (
        190,
        "post",
        "community-managers",
        "facilitator",
        "question",
        _UNANSWERED,
        "Each of us keeps a private list of old unanswered questions. Shall we share one list "
        "across the communities, and pick up each other's when we know someone who could "
        "answer?\n\n@leader, could we try it for a month?",
        ["unanswered", "animation"],
    ),
    (
        170,
        "reply",
        _UNANSWERED,
        "director",
        "Yes, and let's look at the list together at the monthly call. I'd like to see how "
        "many we rescue.",
    ),
    (
        150,
        "post",
        "lean-continuous-improvement",
        "leader",
        "discussion",
        _KAIZEN,
        "We're planning a kaizen month in March: one event per site, and a shared board to "
        "compare results. Which sites want to host one?\n\n"
        "- one process, one team, three days\n"
        "- results on the shared board the week after\n"
        "- a final presentation with all sites\n\n"
        "@unitlead, could Operations sponsor the final presentation? @member, the finance "
        "closing process would make a great office kaizen.",
        ["kaizen", "events"],
    ),
    (
        135,
        "reply",
        _TIME_ZONES,
        "director",
        "We now record the Monday meeting and collect questions the Friday before. Attendance "
        "dropped, participation went up.",
    ),
    (
        120,
        "reply",
        _KAIZEN,
        "champion",
        "Munich will host one on the packing area. I can help the other sites with the board.",
    ),
    (95, "like", _KAIZEN, "unitlead"),
    (
        90,
        "post",
        "data-analytics",
        "member",
        "question",
        _POWER_BI,
        "On the overview page my **Net revenue** total is 4.21 M; on the region page, with the "
        "same filters, it is 4.18 M. Same measure, same dataset.\n\n"
        "Is it the rounding, or am I missing a filter? @champion, you built the original "
        "report, any idea?",
        ["power-bi", "dax"],
    ),
    (
        70,
        "reply",
        _UNANSWERED,
        "leader",
        "Let's try it. I'll set up the shared list today and post the link here.",
    ),
    (
        55,
        "reply",
        _POWER_BI,
        "champion",
        "Not the rounding: 30,000 is too much. Check the filters on the visual itself, not only "
        "the page filters.",
    ),
    (
        40,
        "reply",
        _POWER_BI,
        "facilitator",
        "The region page has a visual-level filter that excludes intercompany sales. Remove it, "
        "or add the same one to the overview, and the totals match.",
    ),
    (30, "like_reply", _POWER_BI, "member", "facilitator"),
    (25, "accept", _POWER_BI, "member", "facilitator"),
    (
        20,
        "reply",
        _KAIZEN,
        "member",
        "Count finance in: we'll take the month-end accruals. Three days in the second week of "
        "March?",
    ),
    (12, "like", _POWER_BI, "champion"),
    (6, "like", _UNANSWERED, "leader"),
]
