"""Union-find over 0..n-1, where the smallest index of a group is its root.

Grouping stages (near-copies, quotes across articles) join items pairwise and
need "the first seen" as the group's representative: keeping the smaller index
as root gives that for free.
"""

from __future__ import annotations


class UnionFind:
    """Groups of indices joined pairwise.

    >>> uf = UnionFind(3)
    >>> uf.union(2, 1)
    >>> uf.find(2)
    1
    """

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]  # path halving
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)
