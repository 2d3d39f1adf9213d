// Replays fuzz inputs through a fuzz target's entry point in the normal build (no libFuzzer):
// the regression tests of fuzz/CMakeLists.txt. A crash, a sanitizer report or an unclear error
// (fuzz_contract.hpp aborts) fails the test; a clear error or a clean load passes.
//   isv_fuzz_replay_<target> FILE...
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE...\n", argv[0]);
    return 2;
  }
  ::setenv("ISV_FUZZ_VERBOSE", "1", 1);
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "replay: cannot read '%s'\n", argv[i]);
      return 2;
    }
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                           std::istreambuf_iterator<char>());
    std::printf("replay: %s (%zu bytes)\n", argv[i], bytes.size());
    std::fflush(stdout);
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
  }
  std::printf("replay: %d input(s), no crash, every error clear\n", argc - 1);
  return 0;
}
