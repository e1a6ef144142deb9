#include "metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace relevance {

using paperfeed::ErrorCode;
using paperfeed::Expected;
using paperfeed::make_error;
using paperfeed::Status;

std::vector<Hit> trec_order(std::vector<Hit> hits) {
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.doc > b.doc;
  });
  return hits;
}

namespace {

int gain_of(const Judgments& judgments, const std::string& doc) {
  auto it = judgments.find(doc);
  return it == judgments.end() ? 0 : std::max(it->second, 0);
}

double discounted(double gain, std::size_t rank) { return gain / std::log2(static_cast<double>(rank) + 1.0); }

}  // namespace

double ndcg_at(const std::vector<Hit>& ranking, const Judgments& judgments, std::size_t k) {
  std::vector<int> ideal;
  for (const auto& [doc, grade] : judgments)
    if (grade > 0) ideal.push_back(grade);
  std::sort(ideal.rbegin(), ideal.rend());
  double ideal_dcg = 0;
  for (std::size_t i = 0; i < ideal.size() && i < k; ++i) ideal_dcg += discounted(ideal[i], i + 1);
  if (ideal_dcg == 0) return 0;
  double dcg = 0;
  for (std::size_t i = 0; i < ranking.size() && i < k; ++i) dcg += discounted(gain_of(judgments, ranking[i].doc), i + 1);
  return dcg / ideal_dcg;
}

double recall_at(const std::vector<Hit>& ranking, const Judgments& judgments, std::size_t k) {
  auto relevant = std::count_if(judgments.begin(), judgments.end(), [](const auto& j) { return j.second >= 1; });
  if (relevant == 0) return 0;
  std::size_t found = 0;
  for (std::size_t i = 0; i < ranking.size() && i < k; ++i) found += gain_of(judgments, ranking[i].doc) >= 1;
  return static_cast<double>(found) / static_cast<double>(relevant);
}

Scores evaluate(const Run& run, const Qrels& qrels) {
  Scores scores;
  for (const auto& [qid, judgments] : qrels) {
    ++scores.judged_queries;
    auto it = run.find(qid);
    if (it == run.end() || it->second.empty()) continue;
    ++scores.answered_queries;
    auto ranking = trec_order(it->second);
    scores.ndcg_10 += ndcg_at(ranking, judgments, 10);
    scores.recall_100 += recall_at(ranking, judgments, 100);
  }
  if (scores.judged_queries > 0) {
    scores.ndcg_10 /= static_cast<double>(scores.judged_queries);
    scores.recall_100 /= static_cast<double>(scores.judged_queries);
  }
  return scores;
}

Status write_trec_run(const Run& run, const std::string& tag, const std::filesystem::path& path) {
  std::ofstream out(path, std::ios::binary);
  char score[32];
  for (const auto& [qid, hits] : run)
    for (std::size_t i = 0; i < hits.size(); ++i) {
      std::snprintf(score, sizeof score, "%.17g", hits[i].score);
      out << qid << " Q0 " << hits[i].doc << ' ' << i + 1 << ' ' << score << ' ' << tag << '\n';
    }
  if (!out) return make_error(ErrorCode::io_error, path.string() + ": cannot write");
  return {};
}

Expected<Run> read_trec_run(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::io_error, path.string() + ": cannot open");
  Run run;
  std::string line;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    std::istringstream fields(line);
    std::string qid, q0, doc, rank;
    double score = 0;
    if (!(fields >> qid)) continue;
    if (!(fields >> q0 >> doc >> rank >> score)) {
      auto error = make_error(ErrorCode::malformed, "expected `qid Q0 docid rank score tag`");
      error.file = path.string();
      error.line = number;
      return error;
    }
    run[qid].push_back({doc, score});
  }
  return run;
}

}  // namespace relevance
