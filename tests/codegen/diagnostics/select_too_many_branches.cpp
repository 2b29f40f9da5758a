// diagnostic: a select with more branches than the state machine has bits for (64, as in Tokio).
#include <rt/runtime.hpp>
#include <rt/select.hpp>

struct one {
    rt::poll_result<int> poll(rt::context&) { return 1; }
};

rt::task<int> run() {
    int won = 0;
    if ([[rt::select]] rt::selector s{}) {
        if (s.on(one{})) won = 0;
        if (s.on(one{})) won = 1;
        if (s.on(one{})) won = 2;
        if (s.on(one{})) won = 3;
        if (s.on(one{})) won = 4;
        if (s.on(one{})) won = 5;
        if (s.on(one{})) won = 6;
        if (s.on(one{})) won = 7;
        if (s.on(one{})) won = 8;
        if (s.on(one{})) won = 9;
        if (s.on(one{})) won = 10;
        if (s.on(one{})) won = 11;
        if (s.on(one{})) won = 12;
        if (s.on(one{})) won = 13;
        if (s.on(one{})) won = 14;
        if (s.on(one{})) won = 15;
        if (s.on(one{})) won = 16;
        if (s.on(one{})) won = 17;
        if (s.on(one{})) won = 18;
        if (s.on(one{})) won = 19;
        if (s.on(one{})) won = 20;
        if (s.on(one{})) won = 21;
        if (s.on(one{})) won = 22;
        if (s.on(one{})) won = 23;
        if (s.on(one{})) won = 24;
        if (s.on(one{})) won = 25;
        if (s.on(one{})) won = 26;
        if (s.on(one{})) won = 27;
        if (s.on(one{})) won = 28;
        if (s.on(one{})) won = 29;
        if (s.on(one{})) won = 30;
        if (s.on(one{})) won = 31;
        if (s.on(one{})) won = 32;
        if (s.on(one{})) won = 33;
        if (s.on(one{})) won = 34;
        if (s.on(one{})) won = 35;
        if (s.on(one{})) won = 36;
        if (s.on(one{})) won = 37;
        if (s.on(one{})) won = 38;
        if (s.on(one{})) won = 39;
        if (s.on(one{})) won = 40;
        if (s.on(one{})) won = 41;
        if (s.on(one{})) won = 42;
        if (s.on(one{})) won = 43;
        if (s.on(one{})) won = 44;
        if (s.on(one{})) won = 45;
        if (s.on(one{})) won = 46;
        if (s.on(one{})) won = 47;
        if (s.on(one{})) won = 48;
        if (s.on(one{})) won = 49;
        if (s.on(one{})) won = 50;
        if (s.on(one{})) won = 51;
        if (s.on(one{})) won = 52;
        if (s.on(one{})) won = 53;
        if (s.on(one{})) won = 54;
        if (s.on(one{})) won = 55;
        if (s.on(one{})) won = 56;
        if (s.on(one{})) won = 57;
        if (s.on(one{})) won = 58;
        if (s.on(one{})) won = 59;
        if (s.on(one{})) won = 60;
        if (s.on(one{})) won = 61;
        if (s.on(one{})) won = 62;
        if (s.on(one{})) won = 63;
        if (s.on(one{})) won = 64;
    }
    co_return won;
}
