from . import (
    test_demo_cesf,
    test_demo_insertion,
    test_demo_letters,
    test_generator,
)
