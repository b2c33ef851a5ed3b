/* rt_main_bootstrap.c — main() of `bootstrap`, the AWS Lambda custom
 * runtime executable (see rt_loop.c for what it reads and how it fails). */
#include "rt_lambda.h"

int main(void)
{
    return rt_bootstrap_main();
}
