/* Test scaffolding: holds a file open the way Word or a PDF reader does,
 * without FILE_SHARE_DELETE (and without FILE_SHARE_WRITE), so that no other
 * program can replace or delete it until this one ends. Used by
 * .ci/windows.sh to check what `build` says about an output that is open
 * elsewhere. Prints "open" once the file is held, then waits until the
 * file named by its second argument exists (or 120 seconds pass).
 *
 *   x86_64-w64-mingw32-gcc -municode -O2 -o hold.exe hold.c
 *   hold.exe out\plan.pdf stop.txt
 */
#include <stdio.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hold FILE STOPFILE\n");
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "hold: cannot open (error %lu)\n", GetLastError());
        return 1;
    }
    printf("open\n");
    fflush(stdout);
    for (int i = 0; i < 1200; i++) {
        if (GetFileAttributesW(argv[2]) != INVALID_FILE_ATTRIBUTES)
            break;
        Sleep(100);
    }
    CloseHandle(h);
    return 0;
}
