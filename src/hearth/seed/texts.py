"""The vocabulary of the sample organisations: names, units, places, titles, bios.

Plain data, no database access. Both presets draw from it with a seeded random
generator, so the same run always builds the same organisation.
"""

from __future__ import annotations

import random
import unicodedata

# -- Names, by culture ----------------------------------------------------------------

# fmt: off
NAMES: dict[str, tuple[list[str], list[str]]] = {
    "french": (
        ["Camille", "Léa", "Manon", "Chloé", "Inès", "Louise", "Julien", "Thomas", "Nicolas",
         "Antoine", "Mathieu", "Élodie", "Claire", "Hugo", "Baptiste", "Sophie", "Aurélien",
         "Margaux", "Étienne", "Lucie", "Rémi", "Océane", "Guillaume", "Anaïs"],
        ["Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Moreau", "Laurent", "Girard",
         "Roux", "Fournier", "Morel", "Garnier", "Chevalier", "Perrin", "Rousseau", "Blanc",
         "Faure", "Mercier", "Lambert", "Bonnet", "Marchand", "Lemaire"],
    ),
    "german": (
        ["Lukas", "Jonas", "Felix", "Leon", "Maximilian", "Paul", "Anna", "Lena", "Hannah",
         "Laura", "Katharina", "Julia", "Sebastian", "Tobias", "Miriam", "Jan", "Stefanie",
         "Matthias", "Franziska", "Moritz", "Sabine", "Jörg"],
        ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
         "Zimmermann", "Krüger", "Hartmann", "Braun", "Vogel", "Lange"],
    ),
    "english": (
        ["Emily", "Olivia", "Emma", "Madison", "Sarah", "Jessica", "Michael", "David",
         "James", "Daniel", "Matthew", "Andrew", "Ryan", "Megan", "Rachel", "Brian", "Kevin",
         "Lauren", "Tyler", "Hannah", "Nathan", "Grace", "Oliver", "Charlotte"],
        ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
         "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "White", "Harris", "Clark",
         "Lewis", "Walker", "Hall", "Young", "Carter", "Mitchell", "Campbell", "Reed"],
    ),
    "indian": (
        ["Aarav", "Vivaan", "Aditya", "Arjun", "Rohan", "Karthik", "Priya", "Ananya",
         "Divya", "Kavya", "Sneha", "Pooja", "Rahul", "Vikram", "Meera", "Lakshmi",
         "Sanjay", "Neha", "Aishwarya", "Siddharth", "Ishaan", "Nandini", "Harish", "Deepa"],
        ["Sharma", "Patel", "Iyer", "Nair", "Reddy", "Gupta", "Singh", "Kumar", "Rao",
         "Menon", "Joshi", "Desai", "Kulkarni", "Chatterjee", "Banerjee", "Pillai",
         "Krishnan", "Mehta", "Shah", "Verma", "Bhat", "Raman"],
    ),
    "spanish": (
        ["Lucía", "Sofía", "María", "Paula", "Carmen", "Alejandro", "Pablo", "Javier",
         "Diego", "Sergio", "Marta", "Andrés", "Elena", "Raúl", "Valentina", "Mateo"],
        ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
         "Pérez", "Gómez", "Díaz", "Romero", "Navarro", "Torres", "Ramírez", "Castillo"],
    ),
    "portuguese": (
        ["João", "Pedro", "Gabriel", "Rafael", "Beatriz", "Mariana", "Ana", "Larissa",
         "Thiago", "Fernanda", "Bruno", "Camila", "Tiago", "Inês"],
        ["Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira",
         "Carvalho", "Rocha", "Martins", "Ribeiro", "Barbosa"],
    ),
    "italian": (
        ["Giulia", "Francesca", "Chiara", "Alessandro", "Marco", "Luca", "Matteo",
         "Federica", "Lorenzo", "Sara", "Davide", "Elisa"],
        ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
         "Marino", "Greco", "Bruno", "Gallo", "Conti"],
    ),
    "chinese": (
        ["Wei", "Jing", "Jiayi", "Xiaoming", "Yan", "Hui", "Jun", "Mei", "Hao", "Lin",
         "Yu", "Xin", "Chen", "Qiang"],
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
         "Xu", "Sun", "Ma", "Zhu"],
    ),
    "japanese": (
        ["Aiko", "Yuki", "Haruto", "Sota", "Hina", "Sakura", "Kenji", "Takumi", "Yui",
         "Ren", "Mei", "Daiki"],
        ["Tanaka", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura",
         "Kobayashi", "Kato", "Yoshida", "Sato", "Mori"],
    ),
    "korean": (
        ["Min-jun", "Seo-yeon", "Ji-woo", "Ha-eun", "Do-yun", "Ji-ho", "Soo-ah", "Eun-ji"],
        ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"],
    ),
    "west_african": (
        ["Kwame", "Ama", "Kofi", "Abena", "Chidi", "Ngozi", "Oluwaseun", "Adaeze", "Emeka",
         "Yaw", "Folake", "Tunde", "Chiamaka", "Kojo"],
        ["Mensah", "Okafor", "Adeyemi", "Owusu", "Boateng", "Nwosu", "Appiah", "Eze",
         "Balogun", "Asante", "Okonkwo", "Oyelaran"],
    ),
    "east_african": (
        ["Wanjiru", "Kamau", "Achieng", "Otieno", "Njeri", "Mwangi", "Amani", "Zawadi"],
        ["Kariuki", "Odhiambo", "Wambui", "Mutua", "Kiptoo", "Njoroge", "Onyango"],
    ),
    "arabic": (
        ["Omar", "Youssef", "Layla", "Fatima", "Amira", "Karim", "Nour", "Hassan", "Rania",
         "Samir", "Yasmin", "Tariq", "Salma", "Khalid"],
        ["Haddad", "Khalil", "Mansour", "Nasser", "Saleh", "Aziz", "Farouk", "Hamdan",
         "Rahman", "El-Amin", "Bakr", "Darwish"],
    ),
    "polish": (
        ["Katarzyna", "Agnieszka", "Magdalena", "Piotr", "Tomasz", "Krzysztof", "Michał",
         "Joanna", "Paweł", "Zofia"],
        ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowska",
         "Zielińska", "Szymański", "Dąbrowski"],
    ),
    "nordic": (
        ["Astrid", "Ingrid", "Freja", "Lars", "Erik", "Nils", "Sigrid", "Magnus", "Elin",
         "Oskar", "Sanna", "Mikko"],
        ["Johansson", "Andersson", "Nilsson", "Larsen", "Hansen", "Berg", "Lindqvist",
         "Virtanen", "Korhonen", "Nieminen", "Olsen"],
    ),
    "dutch": (
        ["Sanne", "Daan", "Lotte", "Bram", "Femke", "Joost", "Noor", "Ruben", "Eline", "Pieter"],
        ["de Jong", "Jansen", "de Vries", "van Dijk", "Bakker", "Visser", "Smit", "Mulder",
         "de Boer", "Peeters"],
    ),
    "vietnamese": (
        ["Linh", "Anh", "Minh", "Trang", "Huong", "Duc", "Thao", "Quang"],
        ["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"],
    ),
    "turkish": (
        ["Elif", "Zeynep", "Mehmet", "Emre", "Ayşe", "Burak", "Selin", "Can"],
        ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan"],
    ),
}
# fmt: on

ALL_CULTURES = list(NAMES)


def person_name(rng: random.Random, culture: str) -> tuple[str, str]:
    first_names, last_names = NAMES[culture]
    return rng.choice(first_names), rng.choice(last_names)


def ascii_slug(text: str, sep: str = ".") -> str:
    """ "Lefèvre-Dąbrowski" -> "lefevre-dabrowski": usernames and addresses need ASCII."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("ß", "ss")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    kept = "".join(c if c.isalnum() or c == "-" else " " for c in plain.lower())
    return sep.join(kept.split())


# -- Organisation ---------------------------------------------------------------------

# The demo's five units lead the list; the large organisation uses all 27.
# Each unit belongs to a family that decides its job titles and work.
# fmt: off
BUSINESS_UNITS: list[tuple[str, str]] = [
    ("Operations", "operations"),
    ("Finance", "finance"),
    ("Research & Development", "research"),
    ("Sales & Marketing", "sales"),
    ("People & Culture", "people"),
    ("Manufacturing", "operations"),
    ("Supply Chain", "operations"),
    ("Procurement", "finance"),
    ("Logistics", "operations"),
    ("Customer Service", "sales"),
    ("Information Technology", "research"),
    ("Legal & Compliance", "finance"),
    ("Corporate Communications", "people"),
    ("Strategy & Transformation", "finance"),
    ("Quality", "operations"),
    ("Health, Safety & Environment", "operations"),
    ("Engineering", "research"),
    ("Product Management", "research"),
    ("Digital & Data", "research"),
    ("Retail", "sales"),
    ("Energy Services", "operations"),
    ("Healthcare Solutions", "sales"),
    ("Industrial Automation", "research"),
    ("Consumer Products", "sales"),
    ("Public Sector", "sales"),
    ("Real Estate & Facilities", "operations"),
    ("Internal Audit", "finance"),
]
# fmt: on

DEMO_UNIT_COUNT = 5

# (ISO code, name, cities, cultures most people there come from)
# fmt: off
COUNTRIES: list[tuple[str, str, list[str], list[str]]] = [
    ("FR", "France", ["Paris", "Lyon", "Toulouse", "Lille"], ["french"]),
    ("DE", "Germany", ["Munich", "Berlin", "Hamburg", "Stuttgart"], ["german", "turkish"]),
    ("US", "United States", ["Chicago", "Austin", "Boston", "Atlanta"],
     ["english", "spanish", "chinese", "west_african", "indian"]),
    ("IN", "India", ["Bengaluru", "Pune", "Hyderabad", "Chennai"], ["indian"]),
    ("GB", "United Kingdom", ["London", "Manchester", "Edinburgh"], ["english", "indian"]),
    ("ES", "Spain", ["Madrid", "Barcelona", "Valencia"], ["spanish"]),
    ("IT", "Italy", ["Milan", "Turin", "Rome"], ["italian"]),
    ("NL", "Netherlands", ["Amsterdam", "Eindhoven", "Rotterdam"], ["dutch"]),
    ("BE", "Belgium", ["Brussels", "Antwerp", "Ghent"], ["dutch", "french"]),
    ("CH", "Switzerland", ["Zurich", "Geneva", "Basel"], ["german", "french", "italian"]),
    ("AT", "Austria", ["Vienna", "Graz", "Linz"], ["german"]),
    ("SE", "Sweden", ["Stockholm", "Gothenburg", "Malmö"], ["nordic"]),
    ("NO", "Norway", ["Oslo", "Bergen", "Stavanger"], ["nordic"]),
    ("DK", "Denmark", ["Copenhagen", "Aarhus"], ["nordic"]),
    ("FI", "Finland", ["Helsinki", "Espoo", "Tampere"], ["nordic"]),
    ("PL", "Poland", ["Warsaw", "Kraków", "Wrocław"], ["polish"]),
    ("CZ", "Czechia", ["Prague", "Brno"], ["polish", "german"]),
    ("SK", "Slovakia", ["Bratislava", "Košice"], ["polish"]),
    ("HU", "Hungary", ["Budapest", "Debrecen"], ["polish", "german"]),
    ("RO", "Romania", ["Bucharest", "Cluj-Napoca", "Timișoara"], ["italian", "polish"]),
    ("BG", "Bulgaria", ["Sofia", "Plovdiv"], ["polish"]),
    ("HR", "Croatia", ["Zagreb", "Split"], ["polish", "italian"]),
    ("SI", "Slovenia", ["Ljubljana", "Maribor"], ["polish", "italian"]),
    ("LT", "Lithuania", ["Vilnius", "Kaunas"], ["polish", "nordic"]),
    ("LV", "Latvia", ["Riga"], ["polish", "nordic"]),
    ("EE", "Estonia", ["Tallinn", "Tartu"], ["nordic"]),
    ("PT", "Portugal", ["Lisbon", "Porto"], ["portuguese"]),
    ("IE", "Ireland", ["Dublin", "Cork", "Galway"], ["english"]),
    ("LU", "Luxembourg", ["Luxembourg"], ["french", "german", "portuguese"]),
    ("GR", "Greece", ["Athens", "Thessaloniki"], ["italian", "turkish"]),
    ("TR", "Türkiye", ["Istanbul", "Ankara", "Izmir"], ["turkish"]),
    ("UA", "Ukraine", ["Kyiv", "Lviv"], ["polish"]),
    ("IL", "Israel", ["Tel Aviv", "Haifa"], ["arabic", "english"]),
    ("AE", "United Arab Emirates", ["Dubai", "Abu Dhabi"], ["arabic", "indian"]),
    ("SA", "Saudi Arabia", ["Riyadh", "Jeddah"], ["arabic"]),
    ("QA", "Qatar", ["Doha"], ["arabic", "indian"]),
    ("EG", "Egypt", ["Cairo", "Alexandria"], ["arabic"]),
    ("MA", "Morocco", ["Casablanca", "Rabat", "Tangier"], ["arabic", "french"]),
    ("ZA", "South Africa", ["Johannesburg", "Cape Town", "Durban"],
     ["english", "east_african", "indian"]),
    ("NG", "Nigeria", ["Lagos", "Abuja"], ["west_african"]),
    ("GH", "Ghana", ["Accra", "Kumasi"], ["west_african"]),
    ("KE", "Kenya", ["Nairobi", "Mombasa"], ["east_african"]),
    ("CN", "China", ["Shanghai", "Shenzhen", "Beijing", "Suzhou"], ["chinese"]),
    ("HK", "Hong Kong", ["Hong Kong"], ["chinese", "english"]),
    ("TW", "Taiwan", ["Taipei", "Hsinchu"], ["chinese"]),
    ("JP", "Japan", ["Tokyo", "Osaka", "Nagoya"], ["japanese"]),
    ("KR", "South Korea", ["Seoul", "Busan"], ["korean"]),
    ("SG", "Singapore", ["Singapore"], ["chinese", "indian", "english"]),
    ("MY", "Malaysia", ["Kuala Lumpur", "Penang"], ["chinese", "indian"]),
    ("TH", "Thailand", ["Bangkok", "Chonburi"], ["vietnamese", "chinese"]),
    ("VN", "Vietnam", ["Ho Chi Minh City", "Hanoi"], ["vietnamese"]),
    ("ID", "Indonesia", ["Jakarta", "Surabaya"], ["vietnamese", "chinese"]),
    ("PH", "Philippines", ["Manila", "Cebu"], ["spanish", "english"]),
    ("PK", "Pakistan", ["Karachi", "Lahore"], ["arabic", "indian"]),
    ("BD", "Bangladesh", ["Dhaka", "Chittagong"], ["indian"]),
    ("LK", "Sri Lanka", ["Colombo"], ["indian"]),
    ("AU", "Australia", ["Sydney", "Melbourne", "Brisbane"], ["english", "chinese"]),
    ("NZ", "New Zealand", ["Auckland", "Wellington"], ["english"]),
    ("CA", "Canada", ["Toronto", "Montréal", "Vancouver"], ["english", "french", "chinese"]),
    ("MX", "Mexico", ["Mexico City", "Monterrey", "Guadalajara"], ["spanish"]),
    ("BR", "Brazil", ["São Paulo", "Rio de Janeiro", "Curitiba"], ["portuguese"]),
    ("AR", "Argentina", ["Buenos Aires", "Córdoba"], ["spanish", "italian"]),
    ("CL", "Chile", ["Santiago", "Valparaíso"], ["spanish"]),
    ("CO", "Colombia", ["Bogotá", "Medellín"], ["spanish"]),
]
# fmt: on

DEMO_COUNTRY_CODES = ["FR", "DE", "US", "IN"]

# fmt: off
EXPERTISE: list[str] = [
    "Lean", "Six Sigma", "Supply chain planning", "Logistics", "Procurement",
    "Health & safety", "Quality assurance", "Maintenance", "Sustainability",
    "IFRS", "Treasury", "Financial planning", "Tax", "Payroll", "Internal audit", "SAP",
    "Python", "Data analysis", "Machine learning", "Cloud architecture", "Cybersecurity",
    "UX design", "Product management", "Technical writing", "Agile coaching",
    "Negotiation", "Key account management", "Pricing", "Customer research", "Brand",
    "SEO", "Social media", "Events",
    "Recruiting", "Onboarding", "Learning design", "Coaching", "Change management",
    "Diversity & inclusion", "Wellbeing", "Internal communications",
    "Facilitation", "Knowledge management", "Public speaking", "Project management",
    "Risk management", "Excel", "Power BI", "Mandarin", "Spanish", "German",
]

# Per family: job titles, and what someone there looks after (for bios).
FAMILIES: dict[str, dict[str, list[str]]] = {
    "operations": {
        "titles": ["Plant Manager", "Supply Chain Analyst", "Logistics Coordinator",
                   "Maintenance Engineer", "Quality Manager", "Production Planner",
                   "Health & Safety Officer", "Continuous Improvement Lead",
                   "Site Operations Manager", "Warehouse Team Leader"],
        "focus": ["our production lines' uptime", "inbound logistics for three sites",
                  "the spare-parts inventory", "our ISO 9001 audits",
                  "the site's energy savings plan", "shift planning",
                  "supplier deliveries and lead times", "the lean transformation on site"],
        "expertise": ["Lean", "Six Sigma", "Supply chain planning", "Logistics",
                      "Health & safety", "Quality assurance", "Maintenance", "Sustainability",
                      "SAP", "Project management"],
    },
    "finance": {
        "titles": ["Financial Controller", "Accountant", "Treasury Analyst", "FP&A Manager",
                   "Internal Auditor", "Tax Specialist", "Payroll Specialist",
                   "Procurement Manager", "Business Analyst", "Compliance Officer"],
        "focus": ["month-end closing", "the group's cash forecast", "the budget cycle",
                  "transfer pricing", "the audit plan", "supplier contracts",
                  "the move to a new ERP", "cost reporting for the business units"],
        "expertise": ["IFRS", "Treasury", "Financial planning", "Tax", "Payroll",
                      "Internal audit", "SAP", "Excel", "Power BI", "Risk management",
                      "Procurement", "Negotiation"],
    },
    "research": {
        "titles": ["Research Scientist", "Software Engineer", "Data Scientist",
                   "Product Manager", "Lab Technician", "UX Designer", "Test Engineer",
                   "Solution Architect", "Engineering Manager", "Site Reliability Engineer"],
        "focus": ["the next generation of our sensors", "the customer portal",
                  "our data platform", "lab automation", "the design system",
                  "test benches for the new product line", "our cloud migration",
                  "predictive maintenance models"],
        "expertise": ["Python", "Data analysis", "Machine learning", "Cloud architecture",
                      "Cybersecurity", "UX design", "Product management", "Technical writing",
                      "Agile coaching", "Power BI"],
    },
    "sales": {
        "titles": ["Account Manager", "Marketing Manager", "Brand Manager",
                   "Sales Representative", "Customer Success Manager", "Content Strategist",
                   "Pricing Analyst", "Inside Sales Specialist", "Events Coordinator",
                   "Key Account Director"],
        "focus": ["our largest retail accounts", "the spring campaign", "the brand refresh",
                  "customer onboarding", "pricing for the new range", "our trade fairs",
                  "the partner programme", "customer satisfaction surveys"],
        "expertise": ["Negotiation", "Key account management", "Pricing",
                      "Customer research", "Brand", "SEO", "Social media", "Events",
                      "Public speaking", "Spanish"],
    },
    "people": {
        "titles": ["HR Business Partner", "Talent Acquisition Specialist",
                   "Learning & Development Manager", "Compensation Analyst",
                   "Internal Communications Manager", "Wellbeing Lead",
                   "Diversity & Inclusion Lead", "HR Operations Specialist",
                   "Community Manager", "Organisational Development Consultant"],
        "focus": ["graduate recruiting", "our onboarding programme", "leadership training",
                  "the annual salary review", "the internal newsletter",
                  "the wellbeing week", "mentoring circles", "the employee survey"],
        "expertise": ["Recruiting", "Onboarding", "Learning design", "Coaching",
                      "Change management", "Diversity & inclusion", "Wellbeing",
                      "Internal communications", "Facilitation", "Knowledge management"],
    },
}
# fmt: on

SENIORITY = ["", "", "", "", "Senior ", "Senior ", "Junior ", "Lead "]


def job_title(rng: random.Random, family: str) -> str:
    title = rng.choice(FAMILIES[family]["titles"])
    if any(word in title for word in ("Manager", "Lead", "Director", "Officer")):
        return title  # no "Junior Plant Manager" or "Lead Wellbeing Lead"
    return rng.choice(SENIORITY) + title


# fmt: off
HOBBIES = [
    "I run, badly but often", "I sing in a choir", "I grow tomatoes on my balcony",
    "I am learning the piano", "weekends are for hiking", "I bake bread",
    "I coach my daughter's football team", "I collect vinyl records",
    "I cycle to work whatever the weather", "I volunteer at a food bank",
    "I am slowly learning Japanese", "I play chess online", "I paint watercolours",
]
# fmt: on

BIO_TEMPLATES = [
    "I look after {focus} in {unit}. Happy to help with {tag1} and {tag2}.",
    "{years} years with the company, the last few on {focus}. Outside work, {hobby}.",
    "Based in {city}. Ask me about {tag1}, or about {focus}.",
    "I joined {unit} in {city} {years} years ago. These days: {focus}.",
    "Working on {focus}. I like turning good questions into shared answers. {Hobby}.",
    "{Title} in {city}. If your question is about {tag1}, I have probably made that "
    "mistake already.",
]


# Names that keep their capitals in the middle of a sentence.
# fmt: off
PROPER_TERMS = {"IFRS", "SAP", "UX", "IoT", "Python", "Power BI", "Excel", "Agile", "Lean",
                "Six Sigma", "SEO", "Mandarin", "Spanish", "German", "Women in Engineering"}
# fmt: on


def in_sentence(term: str) -> str:
    """How a tag or topic reads inside a sentence: "Data analysis" -> "data analysis"."""
    return term if term in PROPER_TERMS else term.lower()


def bio_for(
    rng: random.Random, *, family: str, unit: str, city: str, title: str, tags: list[str]
) -> str:
    focus = rng.choice(FAMILIES[family]["focus"])
    hobby = rng.choice(HOBBIES)
    tag1 = tags[0] if tags else rng.choice(FAMILIES[family]["expertise"])
    tag2 = tags[1] if len(tags) > 1 else rng.choice(FAMILIES[family]["expertise"])
    return rng.choice(BIO_TEMPLATES).format(
        focus=focus,
        unit=unit,
        city=city or "our head office",
        title=title,
        Title=title,
        tag1=in_sentence(tag1),
        tag2=in_sentence(tag2),
        years=rng.randint(2, 24),
        hobby=hobby,
        Hobby=hobby[0].upper() + hobby[1:],
    )


# -- Spaces of the large organisation ---------------------------------------------------

# fmt: off
SPACE_TOPICS = [
    "Lean", "Six Sigma", "Supply Chain", "Logistics", "Procurement", "Health & Safety",
    "Quality", "Maintenance", "Sustainability", "Energy Efficiency", "Circular Economy",
    "IFRS", "Treasury", "Budgeting", "Tax", "Payroll", "Audit", "SAP",
    "Python", "Data Science", "Machine Learning", "Cloud", "Cybersecurity", "UX",
    "Product Management", "Technical Writing", "Agile", "Software Craft", "Open Source",
    "Key Accounts", "Pricing", "Customer Experience", "Brand", "Digital Marketing",
    "Trade Shows", "Partner Sales", "Recruiting", "Onboarding", "Learning",
    "Mentoring", "Change Management", "Diversity & Inclusion", "Wellbeing",
    "Women in Engineering", "Young Professionals", "Parents at Work", "Remote Work",
    "Internal Communications", "Knowledge Management", "Project Management",
    "Risk Management", "Innovation", "Robotics", "Additive Manufacturing", "IoT",
    "Electric Mobility", "Hydrogen", "Power BI", "Excel", "Public Speaking",
    "Negotiation", "Customer Support", "Accessibility", "Photography", "Running",
]

SPACE_FORMATS: list[tuple[str, str]] = [
    ("{topic} Community of Practice",
     "A community of practice for everyone working on {low}: methods, questions, "
     "lessons learnt and the people who know."),
    ("{topic} Network",
     "Colleagues across units who care about {low}. Share what works, ask what does not."),
    ("{topic} Guild",
     "Practitioners of {low} improving their craft together: reviews, talks and a shared "
     "library."),
    ("{topic} Q&A",
     "Ask anything about {low}; the community answers, usually within a day."),
    ("{topic} Champions",
     "The key users of {low} in every site: early news, training material and feedback."),
    ("{topic} Working Group",
     "A working group that reviews our standards for {low} and proposes changes."),
    ("{topic} Pilot",
     "A pilot of new ways of working on {low}, open to the teams taking part."),
    ("{topic} Learning Circle",
     "Monthly sessions to learn {low} together, with exercises and a reading list."),
    ("{topic} in {city}",
     "People in {city} interested in {low}: meet-ups, local news and help."),
    ("{topic} Forum — {unit}",
     "Where {unit} discusses {low}: decisions, good practice and open questions."),
]
# fmt: on

# Formats that suit a community open to the whole organisation.
WIDE_FORMATS = SPACE_FORMATS[:4] + SPACE_FORMATS[7:8]


def space_text(
    rng: random.Random, *, topic: str, city: str, unit: str, wide: bool = False
) -> tuple[str, str]:
    name_pattern, description_pattern = rng.choice(WIDE_FORMATS if wide else SPACE_FORMATS)
    low = in_sentence(topic)
    fields = {"topic": topic, "low": low, "city": city, "unit": unit}
    return name_pattern.format(**fields), description_pattern.format(**fields)
