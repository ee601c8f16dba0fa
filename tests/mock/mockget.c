/* mockget: one GET to a loopback mock from a shell script (curl's CLI is not
 * a dependency). Prints the body; exits 0 on a 2xx answer, 1 otherwise.
 *
 *   mockget PORT PATH      e.g. mockget 8081 '/_mock/fault?route=*&mode=503' */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mockget PORT PATH\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)atoi(argv[1]));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        perror("mockget: connect");
        return 1;
    }
    char req[4096];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                     argv[2]);
    if (n < 0 || (size_t)n >= sizeof req || write(fd, req, (size_t)n) != n) {
        fprintf(stderr, "mockget: cannot send\n");
        return 1;
    }
    static char buf[1 << 20];
    size_t got = 0;
    ssize_t r;
    while (got + 1 < sizeof buf && (r = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)r;
    buf[got] = '\0';
    close(fd);
    char *body = strstr(buf, "\r\n\r\n");
    fputs(body ? body + 4 : "", stdout);
    return strncmp(buf, "HTTP/1.1 2", 10) == 0 || strncmp(buf, "HTTP/1.0 2", 10) == 0 ? 0 : 1;
}
