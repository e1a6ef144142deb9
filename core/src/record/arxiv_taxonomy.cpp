// arXiv's archives and subject classes: the one place that knows which terms are arXiv
// categories and what oai_dc calls them.
#include <algorithm>
#include <array>
#include <string_view>

#include "paperfeed/normalize.hpp"

namespace paperfeed {
namespace {

/** Every archive arXiv has used, current and historical, in byte order. */
constexpr std::array<std::string_view, 38> kArchives = {
    "acc-phys", "adap-org", "alg-geom", "ao-sci",   "astro-ph", "atom-ph",  "bayes-an", "chao-dyn",
    "chem-ph",  "cmp-lg",   "comp-gas", "cond-mat", "cs",       "dg-ga",    "econ",     "eess",
    "funct-an", "gr-qc",    "hep-ex",   "hep-lat",  "hep-ph",   "hep-th",   "math",     "math-ph",
    "mtrl-th",  "nlin",     "nucl-ex",  "nucl-th",  "patt-sol", "physics",  "plasm-ph", "q-alg",
    "q-bio",    "q-fin",    "quant-ph", "solv-int", "stat",     "supr-con",
};
static_assert(std::is_sorted(kArchives.begin(), kArchives.end()));

/** One category of the taxonomy. oai_dc writes it as "<group> - <name>", or "<name>" without a group. */
struct Category {
  std::string_view code;
  std::string_view group;
  std::string_view name;
};

constexpr std::string_view kAstro = "Astrophysics";
constexpr std::string_view kCondMat = "Condensed Matter";
constexpr std::string_view kCs = "Computer Science";
constexpr std::string_view kEcon = "Economics";
constexpr std::string_view kEess = "Electrical Engineering and Systems Science";
constexpr std::string_view kMath = "Mathematics";
constexpr std::string_view kNlin = "Nonlinear Sciences";
constexpr std::string_view kPhysics = "Physics";
constexpr std::string_view kQBio = "Quantitative Biology";
constexpr std::string_view kQFin = "Quantitative Finance";
constexpr std::string_view kStat = "Statistics";

/** arXiv's category taxonomy (arxiv.org/category_taxonomy) plus the archive-level astro-ph and cond-mat, by code. */
constexpr std::array<Category, 157> kCategories = {{
    {"astro-ph", {}, "Astrophysics"},
    {"astro-ph.CO", kAstro, "Cosmology and Nongalactic Astrophysics"},
    {"astro-ph.EP", kAstro, "Earth and Planetary Astrophysics"},
    {"astro-ph.GA", kAstro, "Astrophysics of Galaxies"},
    {"astro-ph.HE", kAstro, "High Energy Astrophysical Phenomena"},
    {"astro-ph.IM", kAstro, "Instrumentation and Methods for Astrophysics"},
    {"astro-ph.SR", kAstro, "Solar and Stellar Astrophysics"},
    {"cond-mat", {}, "Condensed Matter"},
    {"cond-mat.dis-nn", kCondMat, "Disordered Systems and Neural Networks"},
    {"cond-mat.mes-hall", kCondMat, "Mesoscale and Nanoscale Physics"},
    {"cond-mat.mtrl-sci", kCondMat, "Materials Science"},
    {"cond-mat.other", kCondMat, "Other Condensed Matter"},
    {"cond-mat.quant-gas", kCondMat, "Quantum Gases"},
    {"cond-mat.soft", kCondMat, "Soft Condensed Matter"},
    {"cond-mat.stat-mech", kCondMat, "Statistical Mechanics"},
    {"cond-mat.str-el", kCondMat, "Strongly Correlated Electrons"},
    {"cond-mat.supr-con", kCondMat, "Superconductivity"},
    {"cs.AI", kCs, "Artificial Intelligence"},
    {"cs.AR", kCs, "Hardware Architecture"},
    {"cs.CC", kCs, "Computational Complexity"},
    {"cs.CE", kCs, "Computational Engineering, Finance, and Science"},
    {"cs.CG", kCs, "Computational Geometry"},
    {"cs.CL", kCs, "Computation and Language"},
    {"cs.CR", kCs, "Cryptography and Security"},
    {"cs.CV", kCs, "Computer Vision and Pattern Recognition"},
    {"cs.CY", kCs, "Computers and Society"},
    {"cs.DB", kCs, "Databases"},
    {"cs.DC", kCs, "Distributed, Parallel, and Cluster Computing"},
    {"cs.DL", kCs, "Digital Libraries"},
    {"cs.DM", kCs, "Discrete Mathematics"},
    {"cs.DS", kCs, "Data Structures and Algorithms"},
    {"cs.ET", kCs, "Emerging Technologies"},
    {"cs.FL", kCs, "Formal Languages and Automata Theory"},
    {"cs.GL", kCs, "General Literature"},
    {"cs.GR", kCs, "Graphics"},
    {"cs.GT", kCs, "Computer Science and Game Theory"},
    {"cs.HC", kCs, "Human-Computer Interaction"},
    {"cs.IR", kCs, "Information Retrieval"},
    {"cs.IT", kCs, "Information Theory"},
    {"cs.LG", kCs, "Machine Learning"},
    {"cs.LO", kCs, "Logic in Computer Science"},
    {"cs.MA", kCs, "Multiagent Systems"},
    {"cs.MM", kCs, "Multimedia"},
    {"cs.MS", kCs, "Mathematical Software"},
    {"cs.NA", kCs, "Numerical Analysis"},
    {"cs.NE", kCs, "Neural and Evolutionary Computing"},
    {"cs.NI", kCs, "Networking and Internet Architecture"},
    {"cs.OH", kCs, "Other Computer Science"},
    {"cs.OS", kCs, "Operating Systems"},
    {"cs.PF", kCs, "Performance"},
    {"cs.PL", kCs, "Programming Languages"},
    {"cs.RO", kCs, "Robotics"},
    {"cs.SC", kCs, "Symbolic Computation"},
    {"cs.SD", kCs, "Sound"},
    {"cs.SE", kCs, "Software Engineering"},
    {"cs.SI", kCs, "Social and Information Networks"},
    {"cs.SY", kCs, "Systems and Control"},
    {"econ.EM", kEcon, "Econometrics"},
    {"econ.GN", kEcon, "General Economics"},
    {"econ.TH", kEcon, "Theoretical Economics"},
    {"eess.AS", kEess, "Audio and Speech Processing"},
    {"eess.IV", kEess, "Image and Video Processing"},
    {"eess.SP", kEess, "Signal Processing"},
    {"eess.SY", kEess, "Systems and Control"},
    {"gr-qc", {}, "General Relativity and Quantum Cosmology"},
    {"hep-ex", {}, "High Energy Physics - Experiment"},
    {"hep-lat", {}, "High Energy Physics - Lattice"},
    {"hep-ph", {}, "High Energy Physics - Phenomenology"},
    {"hep-th", {}, "High Energy Physics - Theory"},
    {"math-ph", {}, "Mathematical Physics"},
    {"math.AC", kMath, "Commutative Algebra"},
    {"math.AG", kMath, "Algebraic Geometry"},
    {"math.AP", kMath, "Analysis of PDEs"},
    {"math.AT", kMath, "Algebraic Topology"},
    {"math.CA", kMath, "Classical Analysis and ODEs"},
    {"math.CO", kMath, "Combinatorics"},
    {"math.CT", kMath, "Category Theory"},
    {"math.CV", kMath, "Complex Variables"},
    {"math.DG", kMath, "Differential Geometry"},
    {"math.DS", kMath, "Dynamical Systems"},
    {"math.FA", kMath, "Functional Analysis"},
    {"math.GM", kMath, "General Mathematics"},
    {"math.GN", kMath, "General Topology"},
    {"math.GR", kMath, "Group Theory"},
    {"math.GT", kMath, "Geometric Topology"},
    {"math.HO", kMath, "History and Overview"},
    {"math.IT", kMath, "Information Theory"},
    {"math.KT", kMath, "K-Theory and Homology"},
    {"math.LO", kMath, "Logic"},
    {"math.MG", kMath, "Metric Geometry"},
    {"math.MP", kMath, "Mathematical Physics"},
    {"math.NA", kMath, "Numerical Analysis"},
    {"math.NT", kMath, "Number Theory"},
    {"math.OA", kMath, "Operator Algebras"},
    {"math.OC", kMath, "Optimization and Control"},
    {"math.PR", kMath, "Probability"},
    {"math.QA", kMath, "Quantum Algebra"},
    {"math.RA", kMath, "Rings and Algebras"},
    {"math.RT", kMath, "Representation Theory"},
    {"math.SG", kMath, "Symplectic Geometry"},
    {"math.SP", kMath, "Spectral Theory"},
    {"math.ST", kMath, "Statistics Theory"},
    {"nlin.AO", kNlin, "Adaptation and Self-Organizing Systems"},
    {"nlin.CD", kNlin, "Chaotic Dynamics"},
    {"nlin.CG", kNlin, "Cellular Automata and Lattice Gases"},
    {"nlin.PS", kNlin, "Pattern Formation and Solitons"},
    {"nlin.SI", kNlin, "Exactly Solvable and Integrable Systems"},
    {"nucl-ex", {}, "Nuclear Experiment"},
    {"nucl-th", {}, "Nuclear Theory"},
    {"physics.acc-ph", kPhysics, "Accelerator Physics"},
    {"physics.ao-ph", kPhysics, "Atmospheric and Oceanic Physics"},
    {"physics.app-ph", kPhysics, "Applied Physics"},
    {"physics.atm-clus", kPhysics, "Atomic and Molecular Clusters"},
    {"physics.atom-ph", kPhysics, "Atomic Physics"},
    {"physics.bio-ph", kPhysics, "Biological Physics"},
    {"physics.chem-ph", kPhysics, "Chemical Physics"},
    {"physics.class-ph", kPhysics, "Classical Physics"},
    {"physics.comp-ph", kPhysics, "Computational Physics"},
    {"physics.data-an", kPhysics, "Data Analysis, Statistics and Probability"},
    {"physics.ed-ph", kPhysics, "Physics Education"},
    {"physics.flu-dyn", kPhysics, "Fluid Dynamics"},
    {"physics.gen-ph", kPhysics, "General Physics"},
    {"physics.geo-ph", kPhysics, "Geophysics"},
    {"physics.hist-ph", kPhysics, "History and Philosophy of Physics"},
    {"physics.ins-det", kPhysics, "Instrumentation and Detectors"},
    {"physics.med-ph", kPhysics, "Medical Physics"},
    {"physics.optics", kPhysics, "Optics"},
    {"physics.plasm-ph", kPhysics, "Plasma Physics"},
    {"physics.pop-ph", kPhysics, "Popular Physics"},
    {"physics.soc-ph", kPhysics, "Physics and Society"},
    {"physics.space-ph", kPhysics, "Space Physics"},
    {"q-bio.BM", kQBio, "Biomolecules"},
    {"q-bio.CB", kQBio, "Cell Behavior"},
    {"q-bio.GN", kQBio, "Genomics"},
    {"q-bio.MN", kQBio, "Molecular Networks"},
    {"q-bio.NC", kQBio, "Neurons and Cognition"},
    {"q-bio.OT", kQBio, "Other Quantitative Biology"},
    {"q-bio.PE", kQBio, "Populations and Evolution"},
    {"q-bio.QM", kQBio, "Quantitative Methods"},
    {"q-bio.SC", kQBio, "Subcellular Processes"},
    {"q-bio.TO", kQBio, "Tissues and Organs"},
    {"q-fin.CP", kQFin, "Computational Finance"},
    {"q-fin.EC", kQFin, "Economics"},
    {"q-fin.GN", kQFin, "General Finance"},
    {"q-fin.MF", kQFin, "Mathematical Finance"},
    {"q-fin.PM", kQFin, "Portfolio Management"},
    {"q-fin.PR", kQFin, "Pricing of Securities"},
    {"q-fin.RM", kQFin, "Risk Management"},
    {"q-fin.ST", kQFin, "Statistical Finance"},
    {"q-fin.TR", kQFin, "Trading and Market Microstructure"},
    {"quant-ph", {}, "Quantum Physics"},
    {"stat.AP", kStat, "Applications"},
    {"stat.CO", kStat, "Computation"},
    {"stat.ME", kStat, "Methodology"},
    {"stat.ML", kStat, "Machine Learning"},
    {"stat.OT", kStat, "Other Statistics"},
    {"stat.TH", kStat, "Statistics Theory"},
}};
static_assert(std::is_sorted(kCategories.begin(), kCategories.end(),
                             [](const Category& a, const Category& b) { return a.code < b.code; }));

constexpr bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/** A subject class: a letter, then letters and hyphens (`LG`, `mes-hall`, `comp-ph`). */
bool is_subject_class(std::string_view subject) {
  if (subject.empty() || !is_ascii_letter(subject.front())) return false;
  return std::all_of(subject.begin(), subject.end(), [](char c) { return is_ascii_letter(c) || c == '-'; });
}

/** True when @p text is the oai_dc spelling of @p category. */
bool spells(const Category& category, std::string_view text) {
  if (category.group.empty()) return text == category.name;
  constexpr std::string_view kDash = " - ";
  return text.size() == category.group.size() + kDash.size() + category.name.size() &&
         text.starts_with(category.group) && text.substr(category.group.size(), kDash.size()) == kDash &&
         text.ends_with(category.name);
}

std::string_view trim_spaces(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

bool is_arxiv_category(std::string_view term) {
  auto dot = term.find('.');
  auto archive = term.substr(0, dot);
  if (!std::binary_search(kArchives.begin(), kArchives.end(), archive)) return false;
  return dot == std::string_view::npos || is_subject_class(term.substr(dot + 1));
}

std::optional<std::string> arxiv_category_from_name(std::string_view name) {
  name = trim_spaces(name);
  for (const Category& category : kCategories) {
    if (spells(category, name)) return std::string(category.code);
  }
  return std::nullopt;
}

std::string_view arxiv_category_name(std::string_view code) {
  auto it = std::lower_bound(kCategories.begin(), kCategories.end(), code,
                             [](const Category& category, std::string_view key) { return category.code < key; });
  if (it == kCategories.end() || it->code != code) return {};
  return it->name;
}

}  // namespace paperfeed
