/* Test scaffolding for running the Windows build under Wine 8 (Debian 12),
 * which lacks bcryptprimitives.dll: Rust's standard library imports
 * ProcessPrng from it for random numbers (HashMap keys, temporary file
 * names). This stand-in answers with RtlGenRandom (advapi32's
 * SystemFunction036), which Wine has. It is built by .ci/windows.sh into a
 * Wine prefix under the cache folder and never shipped or committed as a
 * binary: real Windows (10 and later) has the real DLL.
 *
 *   x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll \
 *       bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
