#include "collection.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include "paperfeed/feeds.hpp"
#include "paperfeed/paper.hpp"

namespace relevance {
namespace {

namespace fs = std::filesystem;
using paperfeed::ErrorCode;
using paperfeed::Expected;
using paperfeed::make_error;
using paperfeed::Status;

Expected<std::string> slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::io_error, path.string() + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/** Lines of @p text without their line ends (LF or CRLF). */
std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

/** @p text with runs of whitespace made one space and no space at either end. */
std::string fold_space(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

/** @p text with ASCII letters in lower case. */
std::string lower_case(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

/** One SMART record: its .I number and the text of each field occurrence, by field letter. */
struct SmartRecord {
  std::string id;
  std::map<char, std::vector<std::string>> fields;

  /** The occurrences of @p field joined by spaces ("" when absent). */
  std::string joined(char field) const {
    auto it = fields.find(field);
    if (it == fields.end()) return {};
    std::string text;
    for (const auto& part : it->second) text += (text.empty() ? "" : " ") + part;
    return text;
  }
};

/** A SMART field marker: a dot, one upper-case letter, then nothing or a space. */
bool is_field_marker(std::string_view line) {
  return line.size() >= 2 && line[0] == '.' && line[1] >= 'A' && line[1] <= 'Z' &&
         (line.size() == 2 || line[2] == ' ' || line[2] == '\t');
}

/** Splits SMART-format text (.I n, then .T/.A/.W/… blocks) into records. */
std::vector<SmartRecord> read_smart(std::string_view text) {
  std::vector<SmartRecord> records;
  std::string* open_field = nullptr;
  for (std::string_view line : lines_of(text)) {
    if (is_field_marker(line)) {
      char field = line[1];
      std::string rest = fold_space(line.substr(2));
      if (field == 'I') {
        records.push_back({rest, {}});
        open_field = nullptr;
      } else if (!records.empty()) {
        auto& occurrences = records.back().fields[field];
        occurrences.push_back(rest);
        open_field = &occurrences.back();
      }
      continue;
    }
    if (open_field == nullptr) continue;
    std::string part = fold_space(line);
    if (part.empty()) continue;
    if (!open_field->empty()) *open_field += ' ';
    *open_field += part;
  }
  return records;
}

/** Whitespace-separated fields of one line. */
std::vector<std::string> words_of(std::string_view line) {
  std::vector<std::string> words;
  std::istringstream in{std::string(line)};
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

Document smart_document(const SmartRecord& record) {
  Document doc{record.id, record.joined('T'), {}, record.joined('W')};
  if (auto it = record.fields.find('A'); it != record.fields.end())
    for (const auto& author : it->second)
      if (!author.empty()) doc.authors.push_back(author);
  return doc;
}

/** Cranfield grade (1 most relevant … 4, and -1) as the gain trec_eval is given. */
int cranfield_gain(int grade) { return grade == -1 ? 5 : 5 - grade; }

}  // namespace

Expected<Collection> read_cranfield(const fs::path& dir) {
  auto docs = slurp(dir / "cran.all.1400");
  auto queries = slurp(dir / "cran.qry");
  auto qrels = slurp(dir / "cranqrel");
  if (!docs) return docs.error();
  if (!queries) return queries.error();
  if (!qrels) return qrels.error();
  Collection c{"cranfield", {}, {}, {}};
  for (const auto& record : read_smart(*docs)) c.documents.push_back(smart_document(record));
  for (const auto& record : read_smart(*queries))
    c.queries.push_back({std::to_string(c.queries.size() + 1), record.joined('W')});
  for (std::string_view line : lines_of(*qrels)) {
    auto w = words_of(line);
    if (w.size() >= 3) c.qrels[w[0]][w[1]] = cranfield_gain(std::stoi(w[2]));
  }
  return c;
}

Expected<Collection> read_cisi(const fs::path& dir) {
  auto docs = slurp(dir / "CISI.ALL");
  auto queries = slurp(dir / "CISI.QRY");
  auto qrels = slurp(dir / "CISI.REL");
  if (!docs) return docs.error();
  if (!queries) return queries.error();
  if (!qrels) return qrels.error();
  Collection c{"cisi", {}, {}, {}};
  for (const auto& record : read_smart(*docs)) c.documents.push_back(smart_document(record));
  for (const auto& record : read_smart(*queries))
    c.queries.push_back({record.id, fold_space(record.joined('T') + ' ' + record.joined('A') + ' ' + record.joined('B') +
                                               ' ' + record.joined('W'))});
  for (std::string_view line : lines_of(*qrels)) {
    auto w = words_of(line);
    if (w.size() >= 2) c.qrels[w[0]][w[1]] = 1;
  }
  return c;
}

Expected<Collection> read_npl(const fs::path& dir) {
  auto docs = slurp(dir / "doc-text");
  auto queries = slurp(dir / "query-text_semicolon-reformatted");
  auto qrels = slurp(dir / "qrels.nocr");
  if (!docs) return docs.error();
  if (!queries) return queries.error();
  if (!qrels) return qrels.error();
  Collection c{"npl", {}, {}, {}};
  std::optional<Document> open;
  for (std::string_view line : lines_of(*docs)) {
    std::string text = fold_space(line);
    if (text == "/") {
      if (open) c.documents.push_back(std::move(*open));
      open.reset();
    } else if (!open) {
      if (!text.empty()) open = Document{text, {}, {}, {}};
    } else if (!text.empty()) {
      open->abstract += (open->abstract.empty() ? "" : " ") + text;
    }
  }
  for (std::string_view line : lines_of(*queries)) {
    std::size_t semicolon = line.find(';');
    if (semicolon != std::string_view::npos)
      c.queries.push_back({fold_space(line.substr(0, semicolon)), lower_case(fold_space(line.substr(semicolon + 1)))});
  }
  for (std::string_view line : lines_of(*qrels)) {
    auto w = words_of(line);
    if (w.size() >= 4) c.qrels[w[0]][w[2]] = std::stoi(w[3]);
  }
  return c;
}

Expected<Collection> read_hf_known_item(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  if (ec) return make_error(ErrorCode::io_error, dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  Collection c{"hf-known-item", {}, {}, {}};
  std::set<std::string> seen;
  for (const auto& file : files) {
    auto report = paperfeed::read_feed_file(file.string(), {}, [&](paperfeed::Paper&& paper) {
      if (!seen.insert(paper.id).second) return;
      if (paper.keywords.size() >= 3)
        c.queries.push_back({paper.id, paper.keywords[0] + ' ' + paper.keywords[1] + ' ' + paper.keywords[2]});
      c.documents.push_back({paper.id, paper.title, paper.authors, paper.abstract});
    });
    if (!report.ok()) return report.fatal;
  }
  for (const auto& query : c.queries) c.qrels[query.id][query.id] = 1;
  return c;
}

Status write_documents_jsonl(const Collection& collection, const fs::path& path) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& doc : collection.documents) {
    nlohmann::ordered_json record = {
        {"id", doc.id}, {"title", doc.title}, {"abstract", doc.abstract}, {"authors", doc.authors}};
    out << record.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  }
  if (!out) return make_error(ErrorCode::io_error, path.string() + ": cannot write");
  return {};
}

Status write_queries_tsv(const Collection& collection, const fs::path& path) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& query : collection.queries) out << query.id << '\t' << fold_space(query.text) << '\n';
  if (!out) return make_error(ErrorCode::io_error, path.string() + ": cannot write");
  return {};
}

Status write_qrels(const Collection& collection, const fs::path& path) {
  std::ofstream out(path, std::ios::binary);
  for (const auto& [qid, judgments] : collection.qrels)
    for (const auto& [docid, gain] : judgments) out << qid << " 0 " << docid << ' ' << gain << '\n';
  if (!out) return make_error(ErrorCode::io_error, path.string() + ": cannot write");
  return {};
}

}  // namespace relevance
