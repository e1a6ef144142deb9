#include "peers.hpp"

namespace relevance {

std::string indexed_text(const Document& doc, bool with_authors) {
  std::string text = doc.title;
  if (with_authors)
    for (const auto& author : doc.authors) text += '\n' + author;
  text += '\n';
  text += doc.abstract;
  return text;
}

}  // namespace relevance
