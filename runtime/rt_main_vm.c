/* rt_main_vm.c — main() of the ruchy-vm program. */
#include "rt.h"

int main(int argc, char **argv)
{
    return rt_cli_main(argc, argv);
}
