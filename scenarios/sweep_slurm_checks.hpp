// What may go into a generated sbatch script, and how it is quoted. Sweep files and sweep
// directories are shared between collaborators and clusters, so nothing a user writes may run
// as code when the script is submitted: every value is checked against its Slurm syntax (or a
// safe character set) and quoted for whoever reads its line — bash for shell lines, sbatch's
// own #SBATCH parser for directive lines. A newline cannot be quoted inside a directive or a
// comment line, so control characters are refused everywhere.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace isv::scenarios {

struct SlurmOptions;

// 'text' for bash: single quotes, each ' written as '\''. Safe for any bytes but NUL.
std::string shell_quote(std::string_view text);

// A value for an #SBATCH line as sbatch's directive parser reads it (whitespace separates
// arguments, '...' and "..." group, a backslash escapes the next character, an unquoted '#'
// starts a comment): unchanged if it holds only [A-Za-z0-9._,:=/+@%-], else in double quotes
// with '"' and '\' escaped. The caller has refused control characters.
std::string directive_value(std::string_view text);

// Throws model::ConfigError naming the option and the allowed syntax if a value is not a
// Slurm time limit (M, M:S, H:M:S, D-H, D-H:M, D-H:M:S, UNLIMITED), memory size (digits with
// an optional K/M/G/T suffix), partition list (comma-separated names of [A-Za-z0-9._-]),
// account name, or an extra option of the form --name or --name=value.
void check_slurm_options(const SlurmOptions& options);

// Throws model::ConfigError if `path` holds a control character (`what` names it in the
// message: "sweep directory", "isvsim executable"), or, when `in_output_pattern`, a backslash
// (which turns off Slurm's %A/%a file name pattern).
void check_script_path(const std::filesystem::path& path, const std::string& what,
                       bool in_output_pattern);

}  // namespace isv::scenarios
