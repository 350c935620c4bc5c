// Supplies the one GCC 13 libstdc++ symbol that TorchSharp's libLibTorchSharp.so asks for and that older
// libstdc++ builds (Debian 12: GCC 12, GLIBCXX_3.4.30) lack. GCC 13 objects call std::ios_base_library_init()
// so that the standard streams exist before their own static constructors run; constructing one
// std::ios_base::Init here has the same effect, and the empty function satisfies the reference.
#include <ios>

namespace
{
    std::ios_base::Init melmage_streams_init;
}

namespace std
{
    __attribute__((visibility("default"))) void ios_base_library_init() {}
}
