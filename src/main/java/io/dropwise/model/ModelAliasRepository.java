package io.dropwise.model;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

interface ModelAliasRepository extends JpaRepository<ModelAliasEntity, ModelAliasEntity.Key> {

    @Query("select a from ModelAliasEntity a where a.key.modelName = ?1 order by a.key.alias")
    List<ModelAliasEntity> forModel(String modelName);

    @Modifying
    @Query("delete from ModelAliasEntity a where a.key.modelName = ?1")
    int deleteAll(String modelName);

    @Query("select a from ModelAliasEntity a where a.key.modelName in ?1 order by a.key.modelName, a.key.alias")
    List<ModelAliasEntity> forModels(Collection<String> modelNames);
}
