"""Python's side of `cargo bench -p coroutines`: the same two measurements, on this machine.

Prints two lines, `send_ns <float>` and `life_ns <float>`, read by benches/coroutines.rs.
"""
import timeit


def echo():
    x = None
    while True:
        x = yield x


def fancy_name(prefix):
    try:
        while True:
            name = yield
    except GeneratorExit:
        pass


def life():
    co = fancy_name("Cool")
    next(co)
    co.send("Utkarsh")
    co.close()


def best(stmt, number, repeat=5, **names):
    return min(timeit.repeat(stmt, globals=names, number=number, repeat=repeat)) / number * 1e9


co = echo()
next(co)
print("send_ns", best("s(1)", 1_000_000, s=co.send))
print("life_ns", best("life()", 200_000, life=life))
