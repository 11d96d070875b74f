// A table of text cells, written either as aligned plain text (terminals) or as a Markdown table (docs/).
#pragma once

#include <string>
#include <vector>

namespace mxconf::cli {

struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header
};

// Columns padded to their widest cell, two spaces apart, no trailing blanks.
std::string render_plain(const TextTable& table);
// GitHub-flavoured Markdown; '|' inside a cell is escaped.
std::string render_markdown(const TextTable& table);

}  // namespace mxconf::cli
